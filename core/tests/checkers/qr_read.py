"""Reads the QR codes in a PNG image with zxing-cpp, an independent decoder.

    qr_read.py IMAGE

Prints a JSON list with one object per code found: its text, format and error
correction level.
"""

import json
import sys

import zxingcpp
from PIL import Image


def main():
    image = Image.open(sys.argv[1])
    image.load()
    codes = zxingcpp.read_barcodes(image.convert("L"))
    print(
        json.dumps(
            [
                {"text": code.text, "format": str(code.format), "ec_level": code.ec_level}
                for code in codes
            ]
        )
    )


if __name__ == "__main__":
    main()
