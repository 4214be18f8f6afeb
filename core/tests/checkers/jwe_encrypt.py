"""Encrypts a file as a JWE (compact serialisation, alg dir, enc A256GCM) with an
independent JOSE library, for the project's decrypt to read.

    jwe_encrypt.py LIBRARY KEY_FILE PLAINTEXT_FILE CONTENT_TYPE ZIP JWE_OUT

LIBRARY is `jwcrypto` or `joserfc`; KEY_FILE holds the key as base64url text; ZIP is
`DEF` for raw DEFLATE or `none`.
"""

import json
import sys


def with_jwcrypto(key_text, plaintext, header):
    from jwcrypto import jwe, jwk

    token = jwe.JWE(plaintext, protected=json.dumps(header))
    token.add_recipient(jwk.JWK(kty="oct", k=key_text))
    return token.serialize(compact=True)


def with_joserfc(key_text, plaintext, header):
    from joserfc import jwe
    from joserfc.jwk import OctKey

    key = OctKey.import_key({"kty": "oct", "k": key_text})
    return jwe.encrypt_compact(header, plaintext, key, algorithms=["dir", "A256GCM", "DEF"])


def main():
    library, key_file, plaintext_file, content_type, zip_, jwe_out = sys.argv[1:7]
    with open(key_file, encoding="ascii") as f:
        key_text = f.read().strip()
    with open(plaintext_file, "rb") as f:
        plaintext = f.read()
    header = {"alg": "dir", "enc": "A256GCM", "cty": content_type}
    if zip_ != "none":
        header["zip"] = zip_
    encrypt = {"jwcrypto": with_jwcrypto, "joserfc": with_joserfc}[library]
    compact = encrypt(key_text, plaintext, header)
    with open(jwe_out, "w", encoding="ascii") as f:
        f.write(compact)


if __name__ == "__main__":
    main()
