// The part of sm-crypto (SM2 / SM3, pure JavaScript) the signing module uses; the package ships no types.
declare module 'sm-crypto' {
  interface Sm2SignOptions {
    /** Hash with SM3 over Z(ID, public key) || message first (GM/T 0009); true by default. */
    hash?: boolean
    /** The signer's public point (saves deriving it from the private key). */
    publicKey?: string
    /** The signer's ID; 1234567812345678 by default. */
    userId?: string
    /** DER-encode the signature instead of r||s hex. */
    der?: boolean
  }

  interface Sm2 {
    generateKeyPairHex(): { publicKey: string; privateKey: string }
    getPublicKeyFromPrivateKey(privateKey: string): string
    doSignature(message: string | number[] | Uint8Array, privateKey: string, options?: Sm2SignOptions): string
    doVerifySignature(
      message: string | number[] | Uint8Array,
      signature: string,
      publicKey: string,
      options?: Omit<Sm2SignOptions, 'publicKey'>,
    ): boolean
    verifyPublicKey(publicKey: string): boolean
  }

  type Sm3 = (message: string | number[] | Uint8Array) => string

  const smCrypto: { sm2: Sm2; sm3: Sm3 }
  export default smCrypto
}
