/**
 * The names of the n8n parameters that the node's description and its execution both use, so the
 * two cannot disagree about where a value lives.
 */
export const ADDITIONAL_FIELDS = 'additionalFields';
export const OPTIONS = 'options';
/** The input file's field: one per operation, whichever encoding variant is chosen. */
export const BINARY_INPUT_PROPERTY = 'binaryPropertyName';
export const BINARY_OUTPUT_PROPERTY = 'binaryPropertyName';
export const RETURN_ALL = 'returnAll';
export const LIMIT = 'limit';
/** Options: keep the record type's main fields only. */
export const SIMPLIFY = 'simplify';
/** Options: add the EDI envelope summary to a downloaded file's JSON. */
export const EDI_SUMMARY = 'ediSummary';
/** Options: output the secret fields the catalog annotates, which are withheld otherwise. */
export const INCLUDE_SECRETS = 'includeSecrets';
