/**
 * Group commit for link answers: answers that arrive while a write is in flight are written together
 * in the next statement (one transaction, one WAL flush for all of them). Each request still waits
 * for the commit of its own answer before it is acknowledged, so nothing acknowledged can be lost.
 * At most `parallel` statements in flight and `maxBatch` answers per statement; two answers of the
 * same person never share a statement (the later one waits for the next).
 */
import type { Db } from '../db/index.js';
import { answerManyByToken, type Recorded } from './answers.js';
import type { DutyTarget } from './duty.js';
import type { CheckinInput } from './schema.js';

interface Pending { checkinNo: string; input: CheckinInput; resolve: (r: Recorded | null) => void; reject: (e: Error) => void }

export class AnswerBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  constructor(private readonly db: Db, private readonly graceHours: number, private readonly duty: DutyTarget[], private readonly maxBatch = 200, private readonly parallel = 2) {}

  submit(checkinNo: string, input: CheckinInput): Promise<Recorded | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ checkinNo, input, resolve, reject });
      this.pump();
    });
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
      this.pump();
    }
  }
}
