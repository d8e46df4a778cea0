/** The English resources must have exactly the keys of the Chinese ones (the compiler checks it). */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
