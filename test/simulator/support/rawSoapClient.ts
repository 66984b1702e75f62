/**
 * A deliberately small SOAP 1.1 client for the simulator tests: raw HTTP, parameters written in
 * the catalog's order, responses parsed generically. It shares no code with the node's transport
 * or the simulator's codec.
 */
import { Agent, request } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import { catalog } from '../../../nodes/ECGridOS/catalog';

export type SoapValue = string | number | bigint | boolean | Date | Buffer | null | undefined;

export interface SoapFaultInfo {
	faultcode: string;
	faultstring: string;
	ErrorCode?: string;
	ErrorString?: string;
	ErrorItem?: string;
	ErrorMessage?: string;
}

export interface SoapReply {
	status: number;
	xml: string;
	/** The <…Result> element as parsed JSON (strings for all leaves), undefined when absent. */
	result: any;
	fault?: SoapFaultInfo;
}

/** Node's global agent drops a socket after 5 s without data; a 100 MB parcel under load can take longer. */
const agent = new Agent({ keepAlive: true });

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: true });

function escapeText(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function encodeValue(value: Exclude<SoapValue, null | undefined>): string {
	if (value instanceof Date) return value.toISOString();
	if (Buffer.isBuffer(value)) return value.toString('base64');
	return escapeText(String(value));
}

export function buildEnvelope(operation: string, parameters: Record<string, SoapValue>): string {
	const declared = catalog.operations[operation];
	if (!declared) throw new Error(`Unknown operation ${operation}`);
	const unknown = Object.keys(parameters).filter((name) => !declared.parameters.some((parameter) => parameter.name === name));
	if (unknown.length > 0) throw new Error(`${operation} has no parameters ${unknown.join(', ')}`);
	const body = declared.parameters
		.filter((parameter) => parameters[parameter.name] !== undefined && parameters[parameter.name] !== null)
		.map((parameter) => `<${parameter.name}>${encodeValue(parameters[parameter.name] as Exclude<SoapValue, null | undefined>)}</${parameter.name}>`)
		.join('');
	return (
		'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
		`<soap:Body><${operation} xmlns="https://os.ecgrid.io/">${body}</${operation}></soap:Body></soap:Envelope>`
	);
}

export function postXml(endpointUrl: string, body: string, headers: Record<string, string>): Promise<{ status: number; xml: string }> {
	return new Promise((resolve, reject) => {
		const outgoing = request(endpointUrl, { method: 'POST', agent, headers: { 'Content-Type': 'text/xml; charset=utf-8', ...headers } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, xml: Buffer.concat(chunks).toString('utf8') }));
			response.on('error', reject);
		});
		outgoing.on('error', reject);
		outgoing.end(body);
	});
}

export function parseReply(operation: string, status: number, xml: string): SoapReply {
	const document = parser.parse(xml);
	const body = document?.Envelope?.Body ?? {};
	if (body.Fault) {
		const detail = body.Fault.detail && typeof body.Fault.detail === 'object' ? body.Fault.detail : {};
		return { status, xml, result: undefined, fault: { faultcode: body.Fault.faultcode, faultstring: body.Fault.faultstring, ...detail } };
	}
	const response = body[`${operation}Response`];
	return { status, xml, result: response && typeof response === 'object' ? response[`${operation}Result`] : undefined };
}

export class RawSoapClient {
	constructor(readonly endpointUrl: string) {}

	async call(operation: string, parameters: Record<string, SoapValue> = {}): Promise<SoapReply> {
		const { status, xml } = await postXml(this.endpointUrl, buildEnvelope(operation, parameters), { SOAPAction: `"https://os.ecgrid.io/${operation}"` });
		return parseReply(operation, status, xml);
	}

	/** Calls and expects success; a fault fails the test with its text. */
	async ok(operation: string, parameters: Record<string, SoapValue> = {}): Promise<any> {
		const reply = await this.call(operation, parameters);
		if (reply.fault || reply.status !== 200) throw new Error(`${operation} failed (${reply.status}): ${reply.fault?.faultstring ?? reply.xml.slice(0, 300)}`);
		return reply.result;
	}

	/** Calls and expects an ECGridOS fault; returns it. */
	async fault(operation: string, parameters: Record<string, SoapValue> = {}): Promise<SoapFaultInfo> {
		const reply = await this.call(operation, parameters);
		if (!reply.fault) throw new Error(`${operation} was expected to fail but returned ${reply.xml.slice(0, 300)}`);
		expect(reply.status).toBe(500);
		return reply.fault;
	}
}

/** A list result as an array, whatever the parser made of zero, one or many items. */
export function items<T = any>(value: unknown, itemName: string): T[] {
	if (value === undefined || value === null || value === '') return [];
	const inner = (value as Record<string, unknown>)[itemName];
	if (inner === undefined) return [];
	return (Array.isArray(inner) ? inner : [inner]) as T[];
}
