import { sleep } from 'n8n-workflow';

/**
 * One pause shared by the parallel lanes of a bulk send. When the gateway answers 429 to one
 * lane, that lane's retry wait (`pause`) also holds every other lane at its next `ready()`, so
 * the whole send slows down instead of each lane discovering the limit on its own.
 * Waits go through n8n's `sleep`.
 */
export class SharedPause {
	private until = 0;

	constructor(
		private readonly now: () => number = Date.now,
		private readonly sleeper: (ms: number) => Promise<void> = sleep,
	) {}

	/** Waits `ms`, and makes lanes that call `ready()` meanwhile wait until the same moment. */
	async pause(ms: number): Promise<void> {
		this.until = Math.max(this.until, this.now() + Math.max(0, ms));
		await this.ready();
	}

	/** Resolves once no pause is in force. */
	async ready(): Promise<void> {
		for (;;) {
			const left = this.until - this.now();
			if (left <= 0) return;
			await this.sleeper(left);
		}
	}
}
