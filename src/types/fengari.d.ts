// fengari (Lua 5.3 in JavaScript) ships no type declarations: its API is used untyped.
declare module 'fengari';
declare module 'fengari/src/*';
