import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, noticeProperty, optionsProperty, toProperty } from './descriptions';
import { InputError } from './errors';
import { itemParameter } from './parameters';
import type { ItemOperation } from './router';
import { countSegments, ucs2Characters, unitsLeftInLastPart } from './segments';
import { smartEncode } from './smartEncoding';
import { fillTemplate, requireMessage } from './template';

/** The gateway's estimate for a text and its recipients (Msegat, SMSgic: their cost calls). */
export type CostEstimate = (ctx: IExecuteFunctions, itemIndex: number, recipients: string[], text: string) => Promise<IDataObject>;

export interface PreviewGateway {
	/** The provider's own reading of the To field (its number rules), for the cost estimate. */
	readRecipients(ctx: IExecuteFunctions, itemIndex: number): string[];
	cost?: CostEstimate;
}

/**
 * "Preview Message" (`sms.preview`, docs/contract.md): what a send would make of each item's text,
 * sending nothing and, unless a cost estimate is asked for, calling nobody. The text is the one a
 * send would put on the wire: placeholders filled as Send Personalized fills them (when chosen),
 * then smart encoding (when chosen), counted by the same counter the sends report with.
 */
export function previewOperation(provider: string, providerName: string, gateway: PreviewGateway): ItemOperation {
	const show = { resource: ['sms'], operation: ['preview'] };
	const options: INodeProperties[] = [
		{
			displayName: 'Fill Placeholders',
			name: 'personalized',
			type: 'boolean',
			default: false,
			description: "Whether to fill each {field} of the text from the input item's field of that name, as Send Personalized does",
		},
		{
			displayName: 'Smart Encoding',
			name: 'smartEncoding',
			type: 'boolean',
			default: false,
			description: 'Whether to preview the text as a send with the Smart Encoding option would send it',
		},
	];
	if (gateway.cost) {
		options.unshift({
			displayName: 'Include Cost',
			name: 'includeCost',
			type: 'boolean',
			default: false,
			description: `Whether to ask ${providerName} what sending the text to the To numbers would cost (one request per item; nothing is sent)`,
		});
	}
	const description: INodeProperties[] = [
		noticeProperty(
			'previewNotice',
			show,
			'Shows how each item\'s text would go out: its parts, encoding, the room left in the last part and the characters that force Unicode (70 characters a part instead of 160). Sends nothing.',
		),
		messageProperty(show, 'Text to check, usually the same expression as in the send node'),
		...(gateway.cost
			? [{ ...toProperty(show, 'Numbers for the cost estimate (used only with the Include Cost option)'), required: false }]
			: []),
		optionsProperty(show, options),
	];

	return {
		description,
		async execute(this: IExecuteFunctions, itemIndex: number) {
			let text = requireMessage(itemParameter(this, 'message', itemIndex));
			if (itemParameter(this, 'options.personalized', itemIndex, false) === true) {
				text = requireMessage(fillTemplate(text, this.getInputData()[itemIndex]?.json ?? {}));
			}
			let smartEncoding: IDataObject | undefined;
			if (itemParameter(this, 'options.smartEncoding', itemIndex, false) === true) {
				const encoded = smartEncode(text);
				text = encoded.text;
				if (encoded.report) smartEncoding = { ...encoded.report };
			}
			const { segments, encoding, characters } = countSegments(text);
			const row: IDataObject = {
				provider,
				text,
				characters,
				segments,
				encoding,
				charactersLeft: unitsLeftInLastPart(text),
				ucs2Characters: ucs2Characters(text),
				...(smartEncoding ? { smartEncoding } : {}),
			};
			if (gateway.cost && itemParameter(this, 'options.includeCost', itemIndex, false) === true) {
				const recipients = gateway.readRecipients(this, itemIndex);
				if (recipients.length === 0) throw new InputError('Include Cost needs the numbers to estimate for: fill in To.', 'to');
				row.cost = await gateway.cost(this, itemIndex, recipients, text);
			}
			return row;
		},
	};
}
