// Worker entry used when pmumap runs from its TypeScript sources (tests,
// tsx): register tsx in this thread, then load the real worker.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
