import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionsProperty, returnAllProperties } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/router';
import { buildSearchString, incomingFiltersProperty, identityOf, PAGE_SIZE, readFilters, readMoPage, toItem, type Order } from '../../incoming';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['incomingMessage'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	...returnAllProperties(show),
	incomingFiltersProperty(show),
	optionsProperty(show, [
		{
			displayName: 'Order',
			name: 'order',
			type: 'options',
			options: [
				{ name: 'Newest First', value: 'desc' },
				{ name: 'Oldest First', value: 'asc' },
			],
			default: 'desc',
			description: 'In which order Messangi lists the messages',
		},
	]),
];

/**
 * tools/getMOMessages, page by page, until the limit or the last page. A message seen twice
 * (a new message arriving between two pages shifts the list) is output once.
 */
export const getAll: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const returnAll = itemParameter(this, 'returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? Infinity : Math.max(1, Math.floor(Number(itemParameter(this, 'limit', itemIndex, 50))));
		const filters = readFilters(itemParameter(this, 'filters', itemIndex, {}));
		const order = (itemParameter(this, 'options.order', itemIndex, 'desc') as Order) === 'asc' ? 'asc' : 'desc';
		const search = buildSearchString(filters, order);
		const size = Math.min(PAGE_SIZE, limit);
		const out: IDataObject[] = [];
		const seen = new Set<string>();
		let previousPage = '';
		for (let page = 1; out.length < limit; page++) {
			const { messages, records } = await readMoPage(this, page, size, search);
			const ids = messages.map(identityOf);
			// A gateway that ignores the page number would repeat the same page forever.
			if (ids.length > 0 && ids.join() === previousPage) break;
			previousPage = ids.join();
			messages.forEach((message, index) => {
				if (out.length >= limit || seen.has(ids[index])) return;
				seen.add(ids[index]);
				out.push(toItem(message));
			});
			if (messages.length < size || (records !== undefined && page * size >= records)) break;
		}
		return out;
	},
};
