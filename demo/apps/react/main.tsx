/** The React shop's entry: StrictMode on, as a new React app has it (development builds mount twice). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../pages/checkout.css';
import '../shared/apps.css';
import { App } from './App.js';

const root = document.getElementById('root');
if (!root) throw new Error('the page has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
