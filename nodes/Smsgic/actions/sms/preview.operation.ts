import { previewOperation } from '../../../shared/preview';
import { PROVIDER, PROVIDER_NAME } from '../../transport';
import { readRecipients } from '../common';
import { smsgicCost } from './getCost.operation';

/** Preview Message (nodes/shared/preview.ts); Include Cost asks POST /sendings/calculate. */
export const preview = previewOperation(PROVIDER, PROVIDER_NAME, {
	readRecipients: (ctx, itemIndex) => readRecipients(ctx, itemIndex),
	cost: (ctx, _itemIndex, recipients, text) => smsgicCost(ctx, recipients, text),
});
