"""Decrypts a JWE (compact serialisation) with an independent JOSE library.

    jwe_decrypt.py LIBRARY KEY_FILE JWE_FILE PLAINTEXT_OUT

LIBRARY is `jwcrypto` or `joserfc`; KEY_FILE holds the key as base64url text. Writes
the plaintext to PLAINTEXT_OUT and prints the protected header as JSON. Exits non-zero
(with the library's error on stderr) when the library refuses the file.
"""

import json
import sys


def with_jwcrypto(key_text, compact):
    import jwcrypto.jwe
    from jwcrypto import jwk

    # jwcrypto refuses compressed data above 256 KiB by default; a full record is larger.
    jwcrypto.jwe.default_max_compressed_size = 64 * 1024 * 1024
    token = jwcrypto.jwe.JWE()
    token.deserialize(compact, key=jwk.JWK(kty="oct", k=key_text))
    return token.payload, token.jose_header


def with_joserfc(key_text, compact):
    from joserfc import jwe
    from joserfc._rfc7518.jwe_zips import DeflateZipModel
    from joserfc.jwk import OctKey

    key = OctKey.import_key({"kty": "oct", "k": key_text})
    registry = jwe.JWERegistry(algorithms=["dir", "A256GCM", "DEF"])
    # joserfc refuses ciphertexts above 64 KiB and inflated content above 250 KiB by
    # default; a full record is larger. (The second limit has no public setting.)
    registry.max_ciphertext_length = 64 * 1024 * 1024
    DeflateZipModel.MAX_SIZE = 64 * 1024 * 1024
    result = jwe.decrypt_compact(compact, key, registry=registry)
    return result.plaintext, result.protected


def main():
    library, key_file, jwe_file, plaintext_out = sys.argv[1:5]
    with open(key_file, encoding="ascii") as f:
        key_text = f.read().strip()
    with open(jwe_file, encoding="ascii") as f:
        compact = f.read().strip()
    decrypt = {"jwcrypto": with_jwcrypto, "joserfc": with_joserfc}[library]
    plaintext, header = decrypt(key_text, compact)
    with open(plaintext_out, "wb") as f:
        f.write(plaintext)
    print(json.dumps(header, sort_keys=True))


if __name__ == "__main__":
    main()
