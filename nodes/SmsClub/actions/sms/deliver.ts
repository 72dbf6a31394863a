import type { IExecuteFunctions } from 'n8n-workflow';

import { runWithConcurrency, splitIntoBatches } from '../../../shared/batching';
import type { PairedRow } from '../../../shared/router';
import { failedRows, sendRow, settleSend, type ItemSend, type Outgoing } from '../../../shared/send';
import { countSegments } from '../../../shared/segments';
import { MAX_PER_REQUEST, PROVIDER, REQUESTS_PER_SECOND, smsClubRequest } from '../../transport';
import type { SmsClubSendInfo } from '../../types';

/** What SMSClub's send operations read from an item. */
export interface SmsClubSend extends ItemSend {
	sender: string;
	integrationId?: string;
}

/**
 * Sends to many recipients in requests of at most 100 numbers: `/sms/send` when they share one
 * text, `/v2/sms/send` when each has its own. Maps SMSClub's `info` (accepted: id → number) and
 * `add_info` (refused: number → reason) back to one row per recipient. Requests run a few at a
 * time; the transport keeps them under 9 a second.
 */
export async function deliver(
	ctx: IExecuteFunctions,
	outgoing: Outgoing[],
	sender: string,
	options: { personalized: boolean; integrationId?: string },
): Promise<PairedRow[]> {
	const batches = splitIntoBatches(outgoing, MAX_PER_REQUEST);
	const results = await runWithConcurrency(batches, REQUESTS_PER_SECOND, async (batch) => {
		const body = options.personalized
			? { src_addr: sender, data_message: batch.map((o) => ({ phone: o.to, message: o.message })) }
			: {
					phone: batch.map((o) => o.to),
					message: batch[0].message,
					src_addr: sender,
					...(options.integrationId ? { integration_id: options.integrationId } : {}),
				};
		const path = options.personalized ? '/v2/sms/send' : '/sms/send';
		const outcome = await settleSend(smsClubRequest<SmsClubSendInfo>(ctx, path, body, true));
		if ('error' in outcome) return failedRows(PROVIDER, batch, outcome.error);
		return rowsFromReply(batch, outcome.reply.info ?? {}, outcome.reply.add_info ?? {});
	});
	return results.flat();
}

function rowsFromReply(batch: Outgoing[], info: SmsClubSendInfo, addInfo: Record<string, string>): PairedRow[] {
	const idsByPhone = new Map<string, string[]>();
	for (const [id, phone] of Object.entries(info)) {
		const list = idsByPhone.get(String(phone)) ?? [];
		list.push(id);
		idsByPhone.set(String(phone), list);
	}
	return batch.map((o) => {
		const segments = countSegments(o.message);
		const id = idsByPhone.get(o.to)?.shift();
		if (id !== undefined) return sendRow(PROVIDER, o, 'accepted', segments, { messageId: id });
		const reason = addInfo[o.to];
		if (reason !== undefined) {
			return sendRow(PROVIDER, o, 'rejected', segments, { error: `SMSClub did not send to ${o.to}: ${reason}.` });
		}
		return sendRow(PROVIDER, o, 'unknown', segments, {
			error: `SMSClub's reply did not mention ${o.to}, so it is not known whether it was sent. It was not sent again; check the delivery status.`,
		});
	});
}
