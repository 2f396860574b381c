// Builds the shared ES modules the import map names into labelcore/static/app/vendor/.
//
// React and ReactDOM go into one bundle (react-bundle.js) behind small facade modules: a
// ReactDOM bundled apart from React would carry or import a second React, and hooks break
// across two copies. Konva, react-konva and the plugin API are built with every shared name
// left external, so they too meet the one React and the one Konva through the import map.
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { build } from 'vite';

import { SHARED_MODULES } from './shared-modules.mjs';

const require = createRequire(import.meta.url);
const webappRoot = fileURLToPath(new URL('..', import.meta.url));
const vendorDir = fileURLToPath(new URL('../../labelcore/static/app/vendor', import.meta.url));
const production = { 'process.env.NODE_ENV': JSON.stringify('production') };

// Each facade re-exports one package's names from the single React bundle.
const FACADES = {
  'react.js': { bundleName: 'React', packageName: 'react' },
  'react-jsx-runtime.js': { bundleName: 'JSXRuntime', packageName: 'react/jsx-runtime' },
  'react-dom.js': { bundleName: 'ReactDOM', packageName: 'react-dom' },
  'react-dom-client.js': { bundleName: 'ReactDOMClient', packageName: 'react-dom/client' },
};

// react-konva reaches into Konva's internal files; point those at the shared Konva so the
// page keeps one Konva (its core, its global settings and its full build are one object).
const konvaInternals = {
  name: 'labelcore-konva-internals',
  enforce: 'pre',
  resolveId(source) {
    if (source === 'konva/lib/Core.js' || source === 'konva/lib/Core') {
      return '\0konva-core';
    }
    if (source === 'konva/lib/Global.js' || source === 'konva/lib/Global') {
      return '\0konva-global';
    }
    return null;
  },
  load(id) {
    if (id === '\0konva-core') {
      return "import Konva from 'konva';\nexport default Konva;\nexport { Konva };\n";
    }
    if (id === '\0konva-global') {
      return "import Konva from 'konva';\nexport { Konva };\n";
    }
    return null;
  },
};

// react-reconciler is CommonJS and calls require('react'), which an ES module cannot do
// for an external. A small ES module re-exporting the shared React gives require() an object
// with every React export, as the CommonJS package would.
const sharedForCommonJs = {
  name: 'labelcore-shared-for-commonjs',
  enforce: 'pre',
  resolveId(source, importer) {
    if (!['react', 'react-dom'].includes(source)) return null;
    if (importer?.startsWith('\0shared:')) return { id: source, external: true };
    return `\0shared:${source}`;
  },
  load(id) {
    if (!id.startsWith('\0shared:')) return null;
    const name = id.slice('\0shared:'.length);
    return `export * from '${name}';\nexport { default } from '${name}';\n`;
  },
};

function library(entries, external, plugins = []) {
  return build({
    configFile: false,
    root: webappRoot,
    logLevel: 'warn',
    define: production,
    plugins,
    resolve: { alias: { '@labelcore/plugin-api': `${webappRoot}src/plugin-api/index.ts` } },
    build: {
      outDir: vendorDir,
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      lib: { entry: entries, formats: ['es'], fileName: (_format, name) => `${name}.js` },
      rollupOptions: { external },
    },
  });
}

function facadeSource({ bundleName, packageName }) {
  const names = Object.keys(require(packageName)).filter(
    (name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name),
  );
  const lines = [
    `import { ${bundleName} as shared } from './react-bundle.js';`,
    'export default shared;',
    `export const { ${names.join(', ')} } = shared;`,
  ];
  return lines.join('\n') + '\n';
}

await mkdir(vendorDir, { recursive: true });

await library({ 'react-bundle': `${webappRoot}scripts/react-bundle.js` }, []);

for (const [fileName, facade] of Object.entries(FACADES)) {
  await writeFile(`${vendorDir}/${fileName}`, facadeSource(facade));
}

// Every shared name but the one being built stays an import the page's map resolves.
const sharedExcept = (own) => Object.keys(SHARED_MODULES).filter((name) => name !== own);
await library({ konva: `${webappRoot}scripts/konva-entry.js` }, []);
await library(
  { 'react-konva': `${webappRoot}scripts/react-konva-entry.js` },
  sharedExcept('react-konva').filter((name) => name !== 'react' && name !== 'react-dom'),
  [konvaInternals, sharedForCommonJs],
);
await library(
  { 'plugin-api': `${webappRoot}src/plugin-api/index.ts` },
  sharedExcept('@labelcore/plugin-api'),
);

await writeFile(
  `${vendorDir}/importmap.json`,
  JSON.stringify({ imports: SHARED_MODULES }, null, 2) + '\n',
);
