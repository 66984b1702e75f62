// Copies what tsc does not emit into dist: node icons (light and dark) and codex files.
const { src, dest, parallel } = require('gulp');

function copyNodeAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json'], { encoding: false }).pipe(dest('dist/nodes'));
}

function copyCredentialAssets() {
	return src(['credentials/**/*.svg', 'credentials/**/*.png'], { encoding: false, allowEmpty: true }).pipe(dest('dist/credentials'));
}

exports['build:assets'] = parallel(copyNodeAssets, copyCredentialAssets);
