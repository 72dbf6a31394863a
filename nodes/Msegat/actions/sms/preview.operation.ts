import { previewOperation } from '../../../shared/preview';
import { PROVIDER, PROVIDER_NAME } from '../../transport';
import { readRecipients } from '../common';
import { msegatCost } from './getCost.operation';

/** Preview Message (nodes/shared/preview.ts); Include Cost asks calculateCost.php, in points. */
export const preview = previewOperation(PROVIDER, PROVIDER_NAME, {
	readRecipients: (ctx, itemIndex) => readRecipients(ctx, itemIndex),
	cost: (ctx, _itemIndex, to, text) => msegatCost(ctx, to, text),
});
