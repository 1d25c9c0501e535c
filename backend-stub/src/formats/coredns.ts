/**
 * CoreDNS `log` plugin lines (common and combined formats) and the CRI frame a node's
 * container log wraps them in.
 */
import { rfc3339Nano, Stamp } from '../time';

export interface DnsQuery {
  clientIp: string;
  clientPort: number;
  id: number;
  type: string;
  name: string;
  proto: 'udp' | 'tcp';
  rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';
  /** Authoritative (cluster.local zone) answers carry `aa`; forwarded ones `ra`. */
  authoritative: boolean;
  answerSize: number;
  durationS: number;
  doBit: boolean;
  bufsize: number;
  /** Combined format appends the opcode. */
  combined: boolean;
}

function remote(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** `[INFO] 10.244.0.5:40129 - 61327 "A IN example.com. udp 29 false 512" NOERROR qr,rd,ra 45 0.000123s` */
export function corednsLine(q: DnsQuery): string {
  const size = q.name.length + 17 + (q.bufsize > 512 ? 11 : 0);
  const flags = q.authoritative ? 'qr,aa,rd' : 'qr,rd,ra';
  const common = `[INFO] ${remote(q.clientIp, q.clientPort)} - ${q.id} "${q.type} IN ${q.name} ${q.proto} ${size} ${q.doBit} ${q.bufsize}" ${q.rcode} ${flags} ${q.answerSize} ${q.durationS.toFixed(9)}s`;
  return q.combined ? `${common} "QUERY"` : common;
}

/** CRI container-log framing: `<RFC3339Nano> stdout F <line>`. */
export function criFrame(at: Stamp, line: string): string {
  return `${rfc3339Nano(at)} stdout F ${line}`;
}
