import type { IDataObject } from 'n8n-workflow';

import type { GatewayError } from './errors';
import type { PairedRow } from './router';
import type { SegmentInfo } from './segments';

export type SendStatus = 'accepted' | 'rejected' | 'unknown';

/** One recipient of a send, remembering the input item it came from. */
export interface Recipient {
	itemIndex: number;
	to: string;
}

/** The output row every send operation emits per recipient (docs/contract.md). */
export function sendRow(
	provider: string,
	recipient: Recipient,
	status: SendStatus,
	segments: SegmentInfo,
	extra: IDataObject = {},
): PairedRow {
	return {
		itemIndex: recipient.itemIndex,
		json: {
			provider,
			to: recipient.to,
			status,
			...extra,
			segments: segments.segments,
			encoding: segments.encoding,
		},
	};
}

/** Rows for recipients of a request that failed as a whole. */
export function failedRows(
	provider: string,
	recipients: readonly Recipient[],
	segments: SegmentInfo,
	error: GatewayError,
	extra: IDataObject = {},
): PairedRow[] {
	const status: SendStatus = error.kind === 'unknown' ? 'unknown' : 'rejected';
	return recipients.map((recipient) => sendRow(provider, recipient, status, segments, { ...extra, error: error.message }));
}
