import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// The renderer is built once into dist/renderer and served by Electron's custom protocol or by the
// local host; there is no dev server in production paths.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // One stylesheet file: the CSP forbids inline <style>.
    cssCodeSplit: false,
  },
});
