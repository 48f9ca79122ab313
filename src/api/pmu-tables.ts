/**
 * A loaded set of tables: what it declares (interfaces, consumers) and
 * running one consumer on inputs. Obtain one from loadShippedTables() or
 * loadTablesDirectory(); it only evaluates, it never compiles.
 */
import type { MInterface, Model } from '../model/model.ts';
import { runConsumer } from '../runtime/run.ts';
import type { Tables } from '../runtime/tables.ts';
import { loadTables } from '../runtime/tables.ts';
import { EvalError } from '../runtime/values.ts';
import type { Answer } from './answer.ts';
import { answerOf } from './answer.ts';
import type { ConsumerInfo, InterfaceInfo } from './describe.ts';
import { describeConsumer, describeInterface } from './describe.ts';
import { PmumapError } from './errors.ts';
import type { Inputs } from './inputs.ts';
import { runtimeInputs } from './inputs.ts';

export interface RunOptions {
  /** Record every step in `trace` (default true); false is faster, the answer is the same. */
  readonly trace?: boolean;
}

/** Reads a source file named as the model's origins name it; undefined if it is not at hand. */
export type SourceReader = (path: string) => string | undefined;

export class PmuTables {
  /** The compiled model (plain JSON-shaped data), for what the methods below do not cover. */
  readonly model: Model;
  readonly #tables: Tables;
  readonly #readSource: SourceReader;
  readonly #lines = new Map<string, readonly string[] | undefined>();

  constructor(model: Model, readSource: SourceReader = () => undefined) {
    this.model = model;
    this.#tables = loadTables(model);
    this.#readSource = readSource;
  }

  /** Every interface, with its inputs, outputs and consumers, in declaration order. */
  interfaces(): InterfaceInfo[] {
    return this.model.interfaces.map((i) => describeInterface(this.model, i));
  }

  /** One interface by name; throws PmumapError naming the known ones. */
  interface(name: string): InterfaceInfo {
    return describeInterface(this.model, this.#interface(name));
  }

  /** Every consumer, or those of one interface, in declaration order. */
  consumers(iface?: string): ConsumerInfo[] {
    if (iface !== undefined) this.#interface(iface);
    return this.model.consumers
      .filter((c) => iface === undefined || c.implements === iface)
      .map(describeConsumer);
  }

  /**
   * Run consumer `consumer` of interface `iface` on `inputs` (left-out
   * inputs take their declared defaults). A refusal is an answer, not an
   * error; PmumapError means the call itself was wrong.
   */
  run(iface: string, consumer: string, inputs: Inputs = {}, options: RunOptions = {}): Answer {
    const declared = this.#interface(iface);
    const names = this.model.consumers.filter((c) => c.implements === iface).map((c) => c.name);
    if (!names.includes(consumer))
      throw new PmumapError(
        `unknown consumer '${consumer}' of '${iface}' (expected ${names.join(', ')})`,
      );
    const values = runtimeInputs(this.model, declared, inputs);
    try {
      const result = runConsumer(this.#tables, consumer, values, iface, {
        trace: options.trace ?? true,
      });
      return answerOf(this.model, declared, result, (origin) => this.sourceLine(origin));
    } catch (e) {
      if (e instanceof EvalError) throw new PmumapError(`cannot evaluate: ${e.message}`);
      throw e;
    }
  }

  /** The trimmed text of a `file:line` origin, when its source is at hand. */
  sourceLine(origin: string): string | undefined {
    const colon = origin.lastIndexOf(':');
    const path = origin.slice(0, colon);
    const line = Number(origin.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(line) || line < 1) return undefined;
    if (!this.#lines.has(path)) this.#lines.set(path, this.#readSource(path)?.split('\n'));
    return this.#lines.get(path)?.[line - 1]?.trim();
  }

  #interface(name: string): MInterface {
    const found = this.model.interfaces.find((i) => i.name === name);
    if (found) return found;
    throw new PmumapError(
      `unknown interface '${name}' (expected ${this.model.interfaces.map((i) => i.name).join(', ')})`,
    );
  }
}
