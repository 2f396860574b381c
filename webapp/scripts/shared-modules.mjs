// The bare module names the page's import map publishes, and the stable URL of each.
// Renderers of every plugin may import exactly these names; nothing else is shared.
export const SHARED_MODULES = {
  react: '/vendor/react.js',
  'react/jsx-runtime': '/vendor/react-jsx-runtime.js',
  'react-dom': '/vendor/react-dom.js',
  'react-dom/client': '/vendor/react-dom-client.js',
  konva: '/vendor/konva.js',
  'react-konva': '/vendor/react-konva.js',
  '@labelcore/plugin-api': '/vendor/plugin-api.js',
};
