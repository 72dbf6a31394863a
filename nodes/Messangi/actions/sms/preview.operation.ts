import { previewOperation } from '../../../shared/preview';
import { PROVIDER, PROVIDER_NAME } from '../../transport';
import { readRecipients } from '../common';

/** Preview Message (nodes/shared/preview.ts); Messangi publishes no cost call, so no estimate. */
export const preview = previewOperation(PROVIDER, PROVIDER_NAME, { readRecipients: (ctx, itemIndex) => readRecipients(ctx, itemIndex) });
