/// <reference types="vite/client" />
declare module 'virtual:iso-numeric' {
  const numericToAlpha2: Record<string, string>;
  export default numericToAlpha2;
}
