import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development, `npm run dev` serves the app and passes the API through to a
// `plein` server on its default address.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/graphql': 'http://127.0.0.1:8080',
      '/my-data': 'http://127.0.0.1:8080',
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
});
