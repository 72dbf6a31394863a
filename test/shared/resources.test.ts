/**
 * nodes/shared/resources.ts and each node's actions/<resource>/index.ts: the Operation lists and
 * the router's map come from one declaration, and each operation's own fields show under the
 * resource and operation that declare it.
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import * as messangi from '../../nodes/Messangi/actions/router';
import { Messangi } from '../../nodes/Messangi/Messangi.node';
import * as msegat from '../../nodes/Msegat/actions/router';
import { Msegat } from '../../nodes/Msegat/Msegat.node';
import { operationMap, resource, resourceProperties, type OperationKey } from '../../nodes/shared/resources';
import type { ItemOperation } from '../../nodes/shared/router';
import * as smsClub from '../../nodes/SmsClub/actions/router';
import { SmsClub } from '../../nodes/SmsClub/SmsClub.node';
import * as smsgic from '../../nodes/Smsgic/actions/router';
import { Smsgic } from '../../nodes/Smsgic/Smsgic.node';

const nodes: Array<[string, INodeTypeDescription, typeof msegat.resources | typeof smsgic.resources | typeof smsClub.resources | typeof messangi.resources, Record<string, unknown>]> = [
	['Msegat', new Msegat().description, msegat.resources, msegat.operations],
	['SMSgic', new Smsgic().description, smsgic.resources, smsgic.operations],
	['SMSClub', new SmsClub().description, smsClub.resources, smsClub.operations],
	['Messangi', new Messangi().description, messangi.resources, messangi.operations],
];

// Compile-time checks (npm run typecheck compiles this file): a misspelt or missing operation is a
// type error. If the keys ever widened to `string`, these expectations would be unused, and that
// is an error too.
// @ts-expect-error 'sms:sendd' is not an operation of the Msegat node
const misspelt: OperationKey<typeof msegat.resources> = 'sms:sendd';
// @ts-expect-error SMSgic has no OTP resource
const missing: OperationKey<typeof smsgic.resources> = 'otp:send';
const real: Array<OperationKey<typeof msegat.resources>> = ['sms:send', 'otp:verify', 'template:getAll'];
void misspelt;
void missing;

const operationField = (description: INodeTypeDescription, resourceName: string) =>
	description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === resourceName)!;

describe.each(nodes)('%s: resources and operations from one declaration', (_, description, resources, operations) => {
	it('the Resource list names every resource, sorted, and the router knows exactly the listed operations', () => {
		const resourceField = description.properties.find((p) => p.name === 'resource')!;
		const listed = (resourceField.options as Array<{ name: string; value: string }>).map((o) => o.value);
		expect([...listed].sort()).toEqual(Object.keys(resources).sort());
		const names = (resourceField.options as Array<{ name: string }>).map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		const keys = Object.keys(resources).flatMap((r) => {
			const field = operationField(description, r);
			return (field.options as Array<{ value: string }>).map((o) => `${r}:${o.value}`);
		});
		expect(keys.sort()).toEqual(Object.keys(operations).sort());
	});

	it('every Operation option has a description and an action, and the default is one of them', () => {
		for (const r of Object.keys(resources)) {
			const field = operationField(description, r);
			const options = field.options as Array<{ value: string; description?: string; action?: string }>;
			for (const option of options) {
				expect(option.description).toBeTruthy();
				expect(option.action).toBeTruthy();
			}
			expect(options.map((o) => o.value)).toContain(field.default);
		}
	});

	it('each operation\'s own fields show under the resource and operation that declare it', () => {
		const wrong: string[] = [];
		for (const [r, { operations: entries }] of Object.entries(resources)) {
			for (const [o, entry] of Object.entries(entries as Record<string, { run: { description: INodeProperties[] } }>)) {
				for (const property of entry.run.description) {
					const show = property.displayOptions?.show;
					if (JSON.stringify(show?.resource) !== JSON.stringify([r]) || JSON.stringify(show?.operation) !== JSON.stringify([o])) {
						wrong.push(`${r}:${o} ${property.name} shows for ${JSON.stringify(show)}`);
					}
				}
			}
		}
		expect(wrong).toEqual([]);
	});
});

describe('resourceProperties and operationMap', () => {
	const run = (name: string): ItemOperation => ({
		description: [{ displayName: name, name, type: 'string', default: '', displayOptions: { show: { resource: ['thing'], operation: [name] } } }],
		execute: async () => ({}),
	});
	const thing = resource('Thing', 'make', {
		make: { name: 'Make', description: 'Make one', action: 'Make a thing', run: run('make') },
		break: { name: 'Break', description: 'Break one', action: 'Break a thing', run: run('break') },
	});
	const other = resource('Another', 'list', { list: { name: 'List', description: 'List them', action: 'List others', run: run('list') } });

	it('derive the fields and the map from the same entries', () => {
		const properties = resourceProperties({ thing, other }, 'thing');
		expect(properties[0]).toMatchObject({ name: 'resource', default: 'thing', options: [{ name: 'Another', value: 'other' }, { name: 'Thing', value: 'thing' }] });
		expect(properties[1]).toMatchObject({ name: 'operation', default: 'make', displayOptions: { show: { resource: ['thing'] } } });
		expect((properties[1].options as Array<{ value: string }>).map((o) => o.value)).toEqual(['break', 'make']);
		expect(properties.slice(3).map((p) => p.name)).toEqual(['make', 'break', 'list']);
		const map = operationMap({ thing, other });
		expect(Object.keys(map)).toEqual(['thing:make', 'thing:break', 'other:list']);
		expect(map['thing:break']).toBe(thing.operations.break.run);
		expect(real).toHaveLength(3);
	});
});
