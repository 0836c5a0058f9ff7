import { mount, unmount } from 'svelte';
import './app.css';
import App from './App.svelte';
import ConnectionScreen from './components/ConnectionScreen.svelte';
import { ConnectionState } from './state/connection.svelte.js';

const target = document.getElementById('app');
if (!target) throw new Error('Film Room: index.html has no #app element.');

// The workspace needs the API from its first moment (its state classes hold it), so a small
// screen covers the wait and any failure to connect, and the workspace mounts once there is an API.
const connection = new ConnectionState();
const screen = mount(ConnectionScreen, { target, props: { connection } });

void connection.connect().then((api) => {
  if (!api) return;
  void unmount(screen);
  mount(App, { target, props: { api, connection } });
});
