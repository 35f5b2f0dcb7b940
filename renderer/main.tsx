import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ShellProvider } from './data/ClientContext';
import { connect } from './data/bridge/connect';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ShellProvider shell={connect()}>
      <App />
    </ShellProvider>
  </StrictMode>,
);
