// All documentation vectors.
import { logQueryVectors } from './logQueries';
import { metricQueryVectors } from './metricQueries';
import { pipelineErrorVectors } from './pipelineErrors';
import { LogQLVector } from './types';

export * from './types';

export const allVectors: LogQLVector[] = [...logQueryVectors, ...metricQueryVectors, ...pipelineErrorVectors];
