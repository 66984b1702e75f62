/**
 * The simulator's only link to the package: the generated API catalog (facts about the contract).
 * Everything else in the simulator is its own code, so a bug in the node cannot hide behind the
 * same bug here.
 */
export {
	catalog,
	SERVICE_NAMESPACE,
	PRIMITIVE_TYPES,
	INTEGER_RANGES,
	OPERATION_NAMES,
	isEnumType,
	isComplexType,
	arrayItemField,
} from '../nodes/ECGridOS/catalog';
export type { CatalogField, CatalogOperation, CatalogType } from '../nodes/ECGridOS/catalog';

import { catalog } from '../nodes/ECGridOS/catalog';

/** The values of one enum, in WSDL order. */
export function enumValues(enumName: string): readonly string[] {
	const values = catalog.enums[enumName];
	if (!values) throw new Error(`The catalog has no enum named ${enumName}`);
	return values;
}
