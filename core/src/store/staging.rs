//! Files that appear whole or not at all: a new record, a restored record and a backup are
//! made under staging names beside their destination and linked into place when they are
//! complete. A process killed half way leaves only staging files, which the next attempt
//! at the same destination recognises by name and removes, so a retry is never blocked.
//!
//! Names, for a destination `DIR/NAME`:
//! - `DIR/.NAME.phr-staging-TAG` (and SQLite's `-wal`, `-shm`, `-journal` beside it): a
//!   file being made;
//! - `DIR/.NAME.phr-lock`: held locked (an OS file lock, released when the process
//!   dies) by whoever is making `NAME`, so two attempts at once never remove each
//!   other's files. The file itself is removed when the attempt ends; one left by a killed
//!   process is harmless and reused.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use super::error::{StoreError, StoreResult};

/// The part of a staging file's name after the destination's name.
const STAGING_INFIX: &str = ".phr-staging-";
/// The suffix of the lock file's name.
const LOCK_SUFFIX: &str = ".phr-lock";
/// How often taking the lock is retried when its file was replaced under us.
const LOCK_ATTEMPTS: usize = 8;

/// Work towards one destination file: the lock, and the staging names.
#[derive(Debug)]
pub(crate) struct Staging {
    dir: PathBuf,
    name: String,
    lock: File,
    lock_path: PathBuf,
}

impl Staging {
    /// Takes the lock for `dest` and removes what an earlier, killed attempt left there.
    /// Another attempt still running is [`StoreError::InUse`].
    pub fn begin(dest: &Path) -> StoreResult<Self> {
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                StoreError::Io(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the path has no file name",
                ))
            })?;
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let lock_path = dir.join(format!(".{name}{LOCK_SUFFIX}"));
        let lock = take_lock(&lock_path, dest)?;
        let staging = Self {
            dir,
            name,
            lock,
            lock_path,
        };
        let removed = staging.remove_staged_files();
        if removed > 0 {
            log::info!(target: "phr_core::store", "removed {removed} staging files an interrupted attempt left");
        }
        Ok(staging)
    }

    /// The staging path for `tag` ("record", "image", "backup").
    pub fn path(&self, tag: &str) -> PathBuf {
        self.dir.join(format!(".{}{STAGING_INFIX}{tag}", self.name))
    }

    /// Moves the complete file at `staged` to the destination. Never replaces anything:
    /// a file that appeared there meanwhile is [`StoreError::AlreadyExists`].
    pub fn publish(&self, staged: &Path) -> StoreResult<()> {
        let dest = self.dir.join(&self.name);
        let exists = || StoreError::AlreadyExists {
            path: dest.display().to_string(),
        };
        match fs::hard_link(staged, &dest) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(exists()),
            // File systems without hard links (FAT, some network shares): check, rename.
            Err(_) if fs::symlink_metadata(&dest).is_ok() => return Err(exists()),
            Err(_) => fs::rename(staged, &dest).map_err(super::io_error)?,
        }
        sync_dir(&self.dir);
        Ok(())
    }

    /// Removes every staging file of this destination; returns how many there were.
    fn remove_staged_files(&self) -> usize {
        let prefix = format!(".{}{STAGING_INFIX}", self.name);
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return 0;
        };
        entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            .filter(|e| fs::remove_file(e.path()).is_ok())
            .count()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        self.remove_staged_files();
        // Removed while still locked: whoever opened the old file re-checks its name.
        let _ = fs::remove_file(&self.lock_path);
        let _ = self.lock.unlock();
    }
}

/// Whether `name` (a file name in a record's folder) is one of the staging or lock files
/// made here.
pub fn is_staging_name(name: &str) -> bool {
    name.starts_with('.') && (name.contains(STAGING_INFIX) || name.ends_with(LOCK_SUFFIX))
}

/// Opens and locks `lock_path`, making sure the locked file is still the one by that name
/// (a finishing attempt removes it before unlocking).
fn take_lock(lock_path: &Path, dest: &Path) -> StoreResult<File> {
    for _ in 0..LOCK_ATTEMPTS {
        let file = private_file(lock_path, false).map_err(super::io_error)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::InUse {
                    path: dest.display().to_string(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(super::io_error(e)),
        }
        if same_file(&file, lock_path) {
            return Ok(file);
        }
    }
    Err(StoreError::InUse {
        path: dest.display().to_string(),
    })
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// Opens `path` for writing, readable and writable by its owner only (0600 on Unix);
/// with `new`, fails if anything is there.
pub(crate) fn private_file(path: &Path, new: bool) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true);
    if new {
        options.create_new(true);
    } else {
        options.create(true).truncate(false);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Makes a rename or link durable. Best effort: some platforms cannot sync a folder.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_attempt_at_once_is_refused_and_a_later_one_cleans_up() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dest = dir.path().join("record.db");
        let first = Staging::begin(&dest).expect("first");
        fs::write(first.path("image"), b"half").expect("write");
        assert!(matches!(
            Staging::begin(&dest),
            Err(StoreError::InUse { .. })
        ));
        // As if the first were killed: its files stay, its lock goes with the process.
        let image = first.path("image");
        first.lock.unlock().expect("unlock");
        std::mem::forget(first);
        assert!(image.exists());
        let second = Staging::begin(&dest).expect("second");
        assert!(!image.exists(), "the killed attempt's file is gone");
        drop(second);
        let left: Vec<_> = fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn staging_names_are_recognised() {
        assert!(is_staging_name(".record.db.phr-staging-image-wal"));
        assert!(is_staging_name(".record.db.phr-lock"));
        assert!(!is_staging_name("record.db"));
        assert!(!is_staging_name("record.db-wal"));
    }
}
