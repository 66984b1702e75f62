/**
 * The package's entry point for code that builds on it: n8n loads the files listed under "n8n" in
 * package.json, not this one, so this exports what someone extending or embedding the package
 * needs: the node and credential classes, the catalog of the API, and the transport with its
 * error types.
 */
export { ECGridOS } from './nodes/ECGridOS/ECGridOS.node';
export { ECGridOSTrigger } from './nodes/ECGridOS/ECGridOSTrigger.node';
export { ECGridOSCallbackTrigger } from './nodes/ECGridOS/ECGridOSCallbackTrigger.node';
export { Edi } from './nodes/Edi/Edi.node';
export { ECGridOSApi } from './credentials/ECGridOSApi.credentials';

export { catalog, getOperation, OPERATION_NAMES } from './nodes/ECGridOS/catalog';
export type { Catalog, CatalogField, CatalogOperation, CatalogType, PrimitiveType } from './nodes/ECGridOS/catalog';

export {
	ecgridosRequest,
	closeKeptConnections,
	ecgridosErrorKind,
	validateValue,
	EcgridosFault,
	EcgridosInputError,
	EcgridosResponseError,
} from './nodes/ECGridOS/transport';
export type {
	EcgridosContext,
	EcgridosRequestOptions,
	EcgridosErrorKind,
	EcgridosFaultData,
	InputErrorKind,
	ValuePlace,
} from './nodes/ECGridOS/transport';
