/**
 * Kernel netfilter LOG lines (iptables / Calico `Log` action / UFW) with syslog framing.
 */
import { syslogTime } from '../time';

export interface Packet {
  prefix: string;
  inIf: string;
  outIf: string;
  /** dst MAC : src MAC : ethertype, present when the packet came in on an interface. */
  mac?: string;
  src: string;
  dst: string;
  ttl: number;
  id: number;
  proto: 'TCP' | 'UDP' | 'ICMP';
  spt?: number;
  dpt?: number;
  /** TCP flags such as SYN or ACK PSH. */
  tcpFlags?: string;
  window?: number;
  icmpType?: number;
  icmpCode?: number;
  /** ICMP errors quote the offending packet. */
  embedded?: Packet;
}

function ipLen(p: Packet): number {
  return p.proto === 'TCP' ? 60 : p.proto === 'UDP' ? 76 : 84;
}

/** The key=value body after the prefix (no prefix), recursive for quoted packets. */
function body(p: Packet, quoted: boolean): string {
  const parts: string[] = [];
  if (!quoted) {
    parts.push(`IN=${p.inIf}`, `OUT=${p.outIf}`);
    if (p.mac) {
      parts.push(`MAC=${p.mac}`);
    }
  }
  parts.push(`SRC=${p.src}`, `DST=${p.dst}`, `LEN=${ipLen(p)}`, 'TOS=0x00', 'PREC=0x00', `TTL=${p.ttl}`, `ID=${p.id}`);
  if (p.proto === 'TCP') {
    parts.push('DF', 'PROTO=TCP', `SPT=${p.spt}`, `DPT=${p.dpt}`, `WINDOW=${p.window ?? 64240}`, 'RES=0x00', p.tcpFlags ?? 'SYN', 'URGP=0');
  } else if (p.proto === 'UDP') {
    // UDP repeats LEN=: first the IP length, then the UDP length.
    parts.push('PROTO=UDP', `SPT=${p.spt}`, `DPT=${p.dpt}`, `LEN=${ipLen(p) - 20}`);
  } else {
    parts.push('PROTO=ICMP', `TYPE=${p.icmpType ?? 8}`, `CODE=${p.icmpCode ?? 0}`);
    if (p.embedded) {
      parts.push(`[${body(p.embedded, true)} ]`);
    } else {
      parts.push(`ID=${p.id % 65536}`, `SEQ=${(p.id % 97) + 1}`);
    }
  }
  return parts.join(' ');
}

/** The kernel message as journald stores it: `calico-packet: IN=... ` (trailing space kept). */
export function kernelMessage(p: Packet): string {
  return `${p.prefix}${body(p, false)} `;
}

/** The kern.log line: `Nov 22 10:00:01 node1 kernel: [12345.678901] <message>`. */
export function kernLogLine(atUs: number, node: string, uptimeUs: number, message: string): string {
  const secs = Math.floor(uptimeUs / 1_000_000);
  const frac = String(uptimeUs % 1_000_000).padStart(6, '0');
  return `${syslogTime(atUs)} ${node} kernel: [${String(secs).padStart(5, ' ')}.${frac}] ${message}`;
}
