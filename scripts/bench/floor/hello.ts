// The start-up floor: a compiled Bun program that prints one line (see ../floor.ts).
console.log("hello");
