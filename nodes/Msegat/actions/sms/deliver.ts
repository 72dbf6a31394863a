import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { splitIntoBatches } from '../../../shared/batching';
import type { GatewayError } from '../../../shared/errors';
import type { PairedRow } from '../../../shared/router';
import { countSegments } from '../../../shared/segments';
import { failedRows, sendRow, settleSend, type Addressed, type ItemSend } from '../../../shared/send';
import { isLoginProblem } from '../../errorCodes';
import { bulkIdOf } from '../../replies';
import { msegatRequest, PROVIDER, requireSuccess } from '../../transport';
import { sendFields, type SendSettings } from '../common';

/** What Msegat's send operations read from an item (`message`: for personalized sends, the template filled in). */
export interface MsegatSend extends ItemSend {
	settings: SendSettings;
	/** Personalized sends only: the template as written, and this item's value for each placeholder. */
	template?: string;
	vars?: Record<string, string>;
}

export type Outgoing = Addressed<MsegatSend>;

/** One text for all (sendsms.php), or one template filled per recipient by Msegat (sendVars.php). */
export type DeliveryMode = { personalized: false; message: string } | { personalized: true; template: string };

/**
 * Codes that would refuse every batch the same way (login, sender, text): after the first, the
 * remaining recipients are marked with the same error without further requests.
 */
const SAME_FOR_EVERY_BATCH = new Set(['1050', '1064', '1110', '1140', 'M0029', 'M0030', 'M0037', 'M0090']);

function stopsEveryBatch(error: GatewayError): boolean {
	return error.kind === 'auth' || isLoginProblem(error.providerCode) || SAME_FOR_EVERY_BATCH.has(error.providerCode ?? '');
}

function requestFor(batch: Outgoing[], settings: SendSettings, mode: DeliveryMode) {
	if (!mode.personalized) {
		return { path: '/sendsms.php', payload: { numbers: batch.map((o) => o.to).join(','), msg: mode.message, ...sendFields(settings) } };
	}
	return {
		path: '/sendVars.php',
		payload: { numbers: batch.map((o) => o.to), msg: mode.template, vars: batch.map((o) => o.value.vars ?? {}), ...sendFields(settings) },
	};
}

function rowsOf(batch: Outgoing[], extra: IDataObject, build: (o: Outgoing) => PairedRow): PairedRow[] {
	return batch.map((o) => {
		const row = build(o);
		return { ...row, json: { ...row.json, ...extra } };
	});
}

/**
 * Sends to many recipients in batches of at most `settings.batchSize` numbers, `settings.concurrency`
 * requests at a time (Msegat publishes no rate limit; the transport's pace backs off on 429). When
 * Msegat answers M0040 (too many numbers; nothing was sent) the batch is halved and retried, and
 * the smaller size is kept for the batches after it. Returns one row per recipient, in recipient
 * order: `accepted` with the request's `bulkId`, or the failure.
 */
export async function deliver(ctx: IExecuteFunctions, outgoing: Outgoing[], settings: SendSettings, mode: DeliveryMode): Promise<PairedRow[]> {
	const extra: IDataObject = settings.scheduledAt ? { scheduledAt: settings.scheduledAt } : {};
	let limit = settings.batchSize;
	const queue = splitIntoBatches(outgoing, limit);
	const position = new Map(outgoing.map((o, i) => [o, i]));
	// Rows by the position of their batch's first recipient: lanes finish in any order.
	const done: Array<{ at: number; rows: PairedRow[] }> = [];
	const finish = (batch: Outgoing[], rows: PairedRow[]) => done.push({ at: position.get(batch[0]) ?? 0, rows });
	let stopped: GatewayError | undefined;

	// Each lane takes the next batch when it is free; the queue, the limit and `stopped` are shared.
	// `once`: return after the first request that settles its batch (the first goes alone, below).
	const lane = async (once = false) => {
		while (queue.length > 0) {
			const batch = queue.shift() as Outgoing[];
			if (stopped) {
				finish(batch, rowsOf(batch, extra, (o) => failedRows(PROVIDER, [o], stopped as GatewayError)[0]));
				continue;
			}
			if (batch.length > limit) {
				queue.unshift(...splitIntoBatches(batch, limit));
				continue;
			}
			const { path, payload } = requestFor(batch, settings, mode);
			const outcome = await settleSend(
				msegatRequest(ctx, { path, payload, encoding: 'json', sends: true }).then((reply) => requireSuccess(reply, 'the send request', true)),
			);
			let split = false;
			if ('reply' in outcome) {
				const bulkId = bulkIdOf(outcome.reply) ?? null;
				finish(batch, rowsOf(batch, extra, (o) => sendRow(PROVIDER, o, 'accepted', countSegments(o.message), { bulkId })));
			} else {
				const error = outcome.error;
				if (error.providerCode === 'M0040' && batch.length > 1) {
					const half = Math.floor(batch.length / 2);
					limit = Math.min(limit, half);
					queue.unshift(...splitIntoBatches(batch, half));
					split = true;
				} else {
					finish(batch, rowsOf(batch, extra, (o) => failedRows(PROVIDER, [o], error)[0]));
					if (stopsEveryBatch(error)) stopped = error;
				}
			}
			if (once && !split) return;
		}
	};
	// The first batch goes alone: a wrong login, sender or text refuses every batch alike, and is
	// then met once, not once per lane; a batch too large for the account (M0040) is halved until
	// one is taken, and the others go out at that size. Then the lanes share the rest.
	await lane(true);
	const lanes = Math.max(1, Math.min(settings.concurrency || 1, queue.length));
	await Promise.all(Array.from({ length: lanes }, () => lane()));
	return done.sort((a, b) => a.at - b.at).flatMap((d) => d.rows);
}
