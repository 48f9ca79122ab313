/**
 * A worker thread of parse-files.ts: parse the files it is given and post
 * the results back (structured clone keeps the ASTs' bigints).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SourceFile } from '../diagnostics/source-file.ts';
import { parse } from '../syntax/parse.ts';

const { files } = workerData as { files: readonly SourceFile[] };
parentPort?.postMessage(files.map((file) => parse(file)));
