import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from './router';

/**
 * A node's resources and operations, declared once per resource in `actions/<resource>/index.ts`
 * (as n8n's Airtable v2 and Cal.com nodes do): each operation's entry in the editor's Operation
 * list beside the code that runs it. The node's Resource and Operation fields and the router's
 * `resource:operation` map are derived from the same objects, so the two cannot disagree, and
 * their keys are types: a missing or misspelt operation name fails `tsc`.
 */

/** One operation: its line in the editor's Operation list, and what runs it. */
export interface OperationEntry {
	/** Title Case, as in the Operation list. */
	name: string;
	description: string;
	/** The sentence n8n shows for the node in the actions panel and as the AI tool's action. */
	action: string;
	run: Operation;
}

export interface Resource<O extends string = string> {
	/** The resource's name in the Resource list. */
	name: string;
	/** The operation a new node of this resource starts with. */
	defaultOperation: O;
	/** In the order their fields are listed in the node's description. */
	operations: Record<O, OperationEntry>;
}

export function resource<O extends string>(name: string, defaultOperation: NoInfer<O>, operations: Record<O, OperationEntry>): Resource<O> {
	return { name, defaultOperation, operations };
}

type Resources = Record<string, Resource>;

/** `resource:operation`, the router's key, for every operation of `R`. */
export type OperationKey<R extends Resources> = {
	[K in keyof R & string]: `${K}:${keyof R[K]['operations'] & string}`;
}[keyof R & string];

/** The router's map, keyed `resource:operation` (docs/contract.md's public names). */
export function operationMap<R extends Resources>(resources: R): Record<OperationKey<R>, Operation> {
	const map: Record<string, Operation> = {};
	for (const [resourceName, { operations }] of Object.entries(resources)) {
		for (const [operationName, entry] of Object.entries<OperationEntry>(operations)) map[`${resourceName}:${operationName}`] = entry.run;
	}
	return map as Record<OperationKey<R>, Operation>;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/**
 * The node's properties: the Resource field (options sorted by name), one Operation field per
 * resource (likewise sorted, in the order of `resources`), then every operation's own fields.
 */
export function resourceProperties<R extends Resources>(resources: R, defaultResource: NoInfer<keyof R & string>): INodeProperties[] {
	const entries = Object.entries(resources);
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: entries.map(([value, { name }]) => ({ name, value })).sort(byName),
			default: defaultResource,
		},
		...entries.map(
			([resourceName, { operations, defaultOperation }]): INodeProperties => ({
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [resourceName] } },
				options: Object.entries<OperationEntry>(operations)
					.map(([value, { name, description, action }]) => ({ name, value, description, action }))
					.sort(byName),
				default: defaultOperation,
			}),
		),
		...entries.flatMap(([, { operations }]) => Object.values<OperationEntry>(operations).flatMap((entry) => entry.run.description)),
	];
}
