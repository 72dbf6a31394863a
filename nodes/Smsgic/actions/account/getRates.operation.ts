import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { filtersProperty } from '../../../shared/descriptions';
import { InputError } from '../../../shared/errors';
import type { ItemOperation } from '../../../shared/router';
import { PROVIDER, smsgicRequest, toNumber, unreadableReply } from '../../transport';
import type { SmsgicRatesReply } from '../../types';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['account'], operation: ['getRates'] };

export const description: INodeProperties[] = [
	filtersProperty(show, [
		{
			displayName: 'Country',
			name: 'country',
			type: 'string',
			default: '',
			placeholder: 'Latvia',
			description: 'Part of the country name, e.g. "Lat" finds Latvia',
		},
		{
			displayName: 'Country ID',
			name: 'countryId',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			description: "SMSgic's numeric ID of the country (0 = any country)",
		},
		{
			displayName: 'MCC',
			name: 'mcc',
			type: 'string',
			default: '',
			placeholder: '247',
			description: 'Mobile country code: exactly three digits. Required when MNC is set.',
		},
		{
			displayName: 'MNC',
			name: 'mnc',
			type: 'string',
			default: '',
			placeholder: '01',
			description: 'Mobile network code: up to three digits, or "null" for the rate that applies to any network of the country. Needs MCC.',
		},
	]),
];

/** The filters as SMSgic's query, checked by the document's rules before anything is sent. */
export function readRateFilters(filters: IDataObject): IDataObject {
	const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());
	const mcc = text(filters.mcc);
	const mnc = text(filters.mnc);
	const country = text(filters.country);
	const countryIdText = text(filters.countryId);
	const qs: IDataObject = {};
	if (mcc) {
		if (!/^\d{3}$/.test(mcc)) throw new InputError(`"${mcc}" in "filters.mcc" is not a mobile country code: it must be exactly three digits, e.g. 247.`, 'filters.mcc');
		qs.mcc = mcc;
	}
	if (mnc) {
		if (!/^(\d{1,3}|null)$/i.test(mnc)) {
			throw new InputError(`"${mnc}" in "filters.mnc" is not a mobile network code: it must be up to three digits (e.g. 01), or "null".`, 'filters.mnc');
		}
		if (!mcc) throw new InputError('"filters.mnc" is set but "filters.mcc" is empty: SMSgic needs the MCC (three digits) whenever an MNC is given.', 'filters.mcc');
		qs.mnc = mnc.toLowerCase() === 'null' ? 'null' : mnc;
	}
	if (country) qs.country = country;
	if (countryIdText && countryIdText !== '0') {
		if (!/^\d+$/.test(countryIdText)) throw new InputError(`"${countryIdText}" in "filters.countryId" is not an SMSgic country ID (a whole number).`, 'filters.countryId');
		qs.country_id = Number(countryIdText);
	}
	return qs;
}

export const getRates: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const qs = readRateFilters((itemParameter(this, 'filters', itemIndex, {}) as IDataObject) ?? {});
		// choice: a GET carries its filters in the query string (the document's curl shows -G -d JSON)
		const reply = await smsgicRequest<SmsgicRatesReply>(this, { method: 'GET', path: '/rates', qs: Object.keys(qs).length ? qs : undefined });
		if (!reply || typeof reply !== 'object' || !Array.isArray(reply.rates)) throw unreadableReply('"rates" list', reply);
		return reply.rates
			.filter((rate) => rate && typeof rate === 'object')
			.map((rate) => ({
				provider: PROVIDER,
				mcc: rate.mcc === undefined || rate.mcc === null ? null : String(rate.mcc),
				mnc: rate.mnc === undefined || rate.mnc === null ? null : String(rate.mnc),
				country: typeof rate.country === 'string' ? rate.country.trim() : (rate.country ?? null),
				rate: toNumber(rate.rate) ?? null,
			}));
	},
};
