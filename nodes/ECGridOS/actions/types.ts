/**
 * The vocabulary of the resource files: what users see, curated per resource, on top of the
 * catalog's facts. A resource file never restates a parameter's type, order or enum values;
 * it only says which operations are offered, how they are named and explained, which WSDL
 * variants fold into one operation, and how particular parameters should be presented.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * A user-facing choice that selects among WSDL variants of one operation, e.g. the session's own
 * mailbox (`ParcelInBox`) versus a chosen network and mailbox (`ParcelInBoxEx`).
 */
export interface VariantSelector {
	/** n8n parameter name, e.g. `mailboxScope`. */
	name: string;
	displayName: string;
	description: string;
	type: 'options' | 'boolean';
	/** For `options` selectors. */
	options?: INodePropertyOptions[];
	default: string | boolean;
	/**
	 * Show this selector only when earlier selectors have these values; while hidden it keeps its
	 * default. Lets a folded operation offer a choice that exists for one form only (the `…ExShort`
	 * listing exists for a specific mailbox, not for the own-mailbox form).
	 */
	showWhen?: Record<string, Array<string | boolean>>;
}

/** One WSDL operation of a folded operation and the selector values that choose it. */
export interface VariantCall {
	operation: string;
	/** Selector name → the value that picks this WSDL operation. Every selector must be named. */
	when: Record<string, string | boolean>;
}

/** How a folded operation picks its WSDL operation. */
export interface VariantSpec {
	selectors: VariantSelector[];
	calls: VariantCall[];
}

/**
 * Presentation of one WSDL parameter. Everything is optional: without an entry a parameter is
 * shown by the rules in resolution.ts (required value types on top, optional strings under
 * "Additional Fields", the IDs the catalog gives a kind as pickers, secrets masked).
 */
export interface ParameterPresentation {
	displayName?: string;
	description?: string;
	placeholder?: string;
	/** Default value. For numbers this is also what is sent when the field is left under Additional Fields. */
	default?: string | number | boolean;
	/** Show on top and require a value (for optional-in-schema strings the operation cannot do without). */
	required?: boolean;
	/** Move a schema-required value into "Additional Fields"; its `default` is sent when it is not set. */
	optional?: boolean;
	/** Hide the parameter and always send this value. */
	fixed?: string | number | boolean;
	/**
	 * Special editors:
	 * - `binary`: the value is read from an input binary property (base64Binary, or base64 text for `…A` variants);
	 * - `byteLength`: computed from the binary parameter named by `of`; not shown;
	 * - `delimiter`: an X12 delimiter typed as one character, sent as its byte value;
	 * - `network` / `mailbox` / `targetMailbox` / `tradingPartner` / `user`: pickers (on by default
	 *   for the parameters the catalog gives that `idKind`; a target mailbox is listed from the
	 *   chosen target network);
	 * - `fileName`: optional; when left empty, the file name of the binary parameter named by `of`;
	 * - `plain`: no picker for an ID (such as a filter where 0 means any);
	 * - `password`: masked input (on by default for the parameters the catalog marks `secret`).
	 */
	editor?:
		| 'binary'
		| 'byteLength'
		| 'delimiter'
		| 'fileName'
		| 'network'
		| 'mailbox'
		| 'targetMailbox'
		| 'tradingPartner'
		| 'user'
		| 'plain'
		| 'password';
	/**
	 * For `byteLength` and `fileName`: the binary parameter they derive from. May be left out when
	 * the WSDL operation has exactly one binary parameter.
	 */
	of?: string;
	/** For enum options: extra words per enum value. */
	optionDescriptions?: Record<string, string>;
	/** For strings: a multi-line editor. */
	rows?: number;
}

/** What the node returns for an operation. */
export interface OutputSpec {
	/**
	 * - `auto` (default): lists become one item per record, DataSets one item per row,
	 *   objects one item, primitives `{ [resultKey]: value }`;
	 * - `file`: a FileInfo result becomes an n8n binary property with its metadata in JSON.
	 */
	kind?: 'auto' | 'file';
	/** JSON key for primitive results, e.g. `parcelId` for an upload. Default `result`. */
	resultKey?: string;
	/** Input parameters echoed into the output item (by WSDL name), e.g. `ParcelID` for confirm. */
	echo?: string[];
	/** Offer "Simplify": keep these fields of each record (the record type's most used ones). */
	simplify?: string[];
}

export interface OperationDefinition {
	/** n8n operation value (camelCase), unique within the resource. */
	value: string;
	/** Menu name, e.g. "Download". */
	name: string;
	/** Sentence an AI agent and the node panel show, e.g. "Download a parcel". */
	action: string;
	description: string;
	/** The WSDL operation, or variants folded into this one. */
	wsdl: string | VariantSpec;
	/** Presentation per WSDL parameter name. */
	parameters?: Record<string, ParameterPresentation>;
	output?: OutputSpec;
}

export interface ResourceDefinition {
	/** n8n resource value, e.g. `parcel`. */
	value: string;
	name: string;
	description: string;
	operations: OperationDefinition[];
}
