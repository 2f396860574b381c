// The one copy of React and ReactDOM on the page; the facades in vendor/ re-export it.
import React from 'react';
import ReactDOM from 'react-dom';
import ReactDOMClient from 'react-dom/client';
import JSXRuntime from 'react/jsx-runtime';

export { JSXRuntime, React, ReactDOM, ReactDOMClient };
