import { createContext, useContext } from "react";

/** The per-request CSP nonce, handed from the server entry to every inline script. */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
