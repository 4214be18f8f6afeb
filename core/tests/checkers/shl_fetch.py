"""Follows a SMART Health Link as an independent client would (the IG's manifest
protocol, with nothing of ours): decodes the payload, POSTs the manifest request with
the recipient and passcode, fetches each file (embedded or by location) and decrypts it
with jwcrypto.

    shl_fetch.py LINK RECIPIENT PASSCODE OUT_DIR

Writes OUT_DIR/file-N.json for each file and prints a JSON object with the payload's
flags and label and the HTTP status of the manifest request. A wrong passcode prints
the status and the relay's body (the test checks 401 and remainingAttempts).
"""

import base64
import json
import os
import sys
import urllib.error
import urllib.request

import jwcrypto.jwe
from jwcrypto import jwk


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def main():
    link, recipient, passcode, out_dir = sys.argv[1:5]
    text = link.split("#", 1)[-1]
    assert text.startswith("shlink:/"), text
    payload = json.loads(b64url_decode(text[len("shlink:/"):]))
    body = {"recipient": recipient, "embeddedLengthMax": 200}
    if passcode:
        body["passcode"] = passcode
    request = urllib.request.Request(
        payload["url"], data=json.dumps(body).encode(), method="POST",
        headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            status, manifest = response.status, json.load(response)
    except urllib.error.HTTPError as e:
        print(json.dumps({"status": e.code, "body": json.loads(e.read() or b"{}")}))
        return
    jwcrypto.jwe.default_max_compressed_size = 64 * 1024 * 1024
    key = jwk.JWK(kty="oct", k=payload["key"])
    for i, entry in enumerate(manifest["files"]):
        compact = entry.get("embedded")
        if compact is None:
            with urllib.request.urlopen(entry["location"]) as response:
                compact = response.read().decode("ascii")
        token = jwcrypto.jwe.JWE()
        token.deserialize(compact, key=key)
        with open(os.path.join(out_dir, f"file-{i}.json"), "wb") as f:
            f.write(token.payload)
    print(json.dumps({"status": status, "flag": payload.get("flag", ""), "label": payload.get("label"),
                      "files": len(manifest["files"])}))


if __name__ == "__main__":
    main()
