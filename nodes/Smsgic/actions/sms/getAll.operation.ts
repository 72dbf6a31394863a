import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/router';
import { listSendings, sendingRow } from './sendings';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['getAll'] };

export const description: INodeProperties[] = [...returnAllProperties(show)];

export const getAll: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const returnAll = itemParameter(this, 'returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? Number.POSITIVE_INFINITY : Math.max(1, Number(itemParameter(this, 'limit', itemIndex, 50)) || 50);
		const { sendings } = await listSendings(this, limit);
		return sendings.map(sendingRow);
	},
};
