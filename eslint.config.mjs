// Lints what ships to n8n (nodes, credentials, package.json) with n8n's community-node rules.
//
// `eslint-plugin-n8n-nodes-base` (n8n's older rule set, used by @n8n/node-cli) is applied too when
// it is installed; its `preinstall: npx only-allow pnpm` makes a plain `npm install` of it fail, so
// it is optional here rather than required.
import { createRequire } from 'node:module';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

const require = createRequire(import.meta.url);

function optionalNodesBasePlugin() {
	try {
		return require('eslint-plugin-n8n-nodes-base');
	} catch (error) {
		if (error.code === 'MODULE_NOT_FOUND') return undefined;
		throw error;
	}
}

const nodesBase = optionalNodesBasePlugin();
const shippedSources = ['nodes/**/*.ts', 'credentials/**/*.ts'];

// This package targets self-hosted n8n first. It has no runtime dependencies (the rule checking
// that stays on), but its transport uses Node's timers and http types, which the n8n Cloud variant
// of the rules forbids, so the variant without Cloud support is the one applied.
const communityRules = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;

const config = [
	{
		ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.e2e/**', 'simulator/**', 'test/**', 'bench/**', 'scripts/**', 'examples/**', '*.js', '*.mjs'],
	},
	{
		files: [...shippedSources, 'package.json'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'], sourceType: 'module' },
		},
		plugins: communityRules.plugins,
		rules: communityRules.rules,
	},
];

if (nodesBase) {
	config.push(
		{
			files: ['package.json'],
			plugins: { 'n8n-nodes-base': nodesBase },
			rules: nodesBase.configs.community.rules,
		},
		{
			files: ['credentials/**/*.ts'],
			plugins: { 'n8n-nodes-base': nodesBase },
			rules: {
				...nodesBase.configs.credentials.rules,
				// n8n's credential docs links are slugs for its own docs site; ours is a full URL.
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			},
		},
		{
			files: ['nodes/**/*.ts'],
			plugins: { 'n8n-nodes-base': nodesBase },
			rules: {
				...nodesBase.configs.nodes.rules,
				// Off in n8n's own node-cli config too: they predate NodeConnectionTypes.
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
				// File names keep the product's spelling (ECGridOS.node.ts); the node type name
				// `ecgridOs` is what users' workflows contain and cannot follow the file.
				'n8n-nodes-base/node-filename-against-convention': 'off',
			},
		},
	);
}

export default config;
