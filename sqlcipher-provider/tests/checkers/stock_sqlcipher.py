"""The stock SQLCipher (sqlcipher3-binary: SQLCipher 4 community edition on OpenSSL) on
files written through phr-sqlcipher-provider, and files for it to read back.

    stock_sqlcipher.py read FILE KEY      prints the provider, then each row "id:hex"
    stock_sqlcipher.py write FILE KEY N   writes N rows of 300 random bytes, prints them
    stock_sqlcipher.py query FILE KEY SQL prints the provider, then each row, tab-separated

KEY is a raw key in hex (64 digits), or "pass:" and a passphrase.
"""

import os
import sys

import sqlcipher3


def keyed(path, key):
    db = sqlcipher3.connect(path)
    if key.startswith("pass:"):
        db.execute("PRAGMA key = '%s'" % key[5:].replace("'", "''"))
    else:
        db.execute("PRAGMA key = \"x'%s'\"" % key)
    return db


def main():
    command, path, key = sys.argv[1:4]
    db = keyed(path, key)
    if command == "read":
        print(db.execute("PRAGMA cipher_provider").fetchone()[0])
        for row_id, data in db.execute("SELECT id, data FROM t ORDER BY id"):
            print("%d:%s" % (row_id, bytes(data).hex()))
    elif command == "write":
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
        for i in range(int(sys.argv[4])):
            data = os.urandom(300)
            db.execute("INSERT INTO t (id, data) VALUES (?, ?)", (i, data))
            print("%d:%s" % (i, data.hex()))
        db.commit()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    elif command == "query":
        print(db.execute("PRAGMA cipher_provider").fetchone()[0])
        for row in db.execute(sys.argv[4]):
            print("\t".join(str(v) for v in row))
    else:
        raise SystemExit("unknown command: " + command)
    db.close()


main()
