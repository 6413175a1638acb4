/**
 * Group commit for link answers: answers that arrive while a write is in flight are written together
 * in the next statement (one transaction, one WAL flush for all of them). Each request still waits
 * for the commit of its own answer before it is acknowledged, so nothing acknowledged can be lost.
 * At most `parallel` statements in flight and `maxBatch` answers per statement; two answers of the
 * same person never share a statement (the later one waits for the next).
 *
 * A batch is formed in the event loop's check phase (setImmediate), after the poll phase has queued every request
 * that arrived with it. Forming it at once would take only the first: on PGlite the statement then runs in the same
 * turn, synchronously in WebAssembly, before the next request is even read — measured at 10,000 recipients, that gave
 * statements of one answer (~2 ms each, 500 answers/s) where 50 answers cost 3.3 ms.
 */
import type { Db } from '../db/index.js';
import { answerManyByToken, type Recorded } from './answers.js';
import type { DutyTarget } from './duty.js';
import type { CheckinInput } from './schema.js';

interface Pending { checkinNo: string; input: CheckinInput; resolve: (r: Recorded | null) => void; reject: (e: Error) => void }

export class AnswerBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly parallel: number;

  /**
   * `parallel` defaults to 2 statements on PostgreSQL (one commits while the next fills) and 1 on PGlite, whose one
   * connection would only make a second statement wait for the lock with a batch formed too early.
   */
  constructor(private readonly db: Db, private readonly graceHours: number, private readonly duty: DutyTarget[], private readonly maxBatch = 200, parallel?: number) {
    this.parallel = parallel ?? (db.kind === 'pglite' ? 1 : 2);
  }

  submit(checkinNo: string, input: CheckinInput): Promise<Recorded | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ checkinNo, input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => { this.scheduled = false; this.pump(); });
  }

  private pump(): void {
    while (this.inFlight < this.parallel && this.queue.length) {
      const batch: Pending[] = [];
      const rest: Pending[] = [];
      const seen = new Set<string>();
      for (const item of this.queue) {
        if (batch.length < this.maxBatch && !seen.has(item.checkinNo)) { batch.push(item); seen.add(item.checkinNo); } else rest.push(item);
      }
      this.queue = rest;
      this.inFlight += 1;
      void this.write(batch);
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      const results = await answerManyByToken(this.db, batch.map((b) => ({ checkinNo: b.checkinNo, input: b.input })), this.graceHours, this.duty);
      batch.forEach((b, i) => b.resolve(results[i] ?? null));
    } catch (error) {
      for (const b of batch) b.reject(error as Error);
    } finally {
      this.inFlight -= 1;
      this.schedule();
    }
  }
}
