/* test-backup.c: saving files and folders before they change, moving them
 * (also across file systems), and putting them back. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "testutil.h"

#include "backup.h"
#include "buf.h"
#include "copy.h"
#include "util.h"
#include "xmalloc.h"

#define OLD_TIME 1000000000	/* 2001-09-09 */

static char *
slurp(const char *path)
{
	char *cause = NULL, *text;

	text = util_read_file(path, NULL, &cause);
	if (text == NULL)
		fail_msg("%s", cause);
	return text;
}

static void
set_mtime(const char *path, time_t t)
{
	struct timespec times[2];

	times[0].tv_sec = times[1].tv_sec = t;
	times[0].tv_nsec = times[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW),
	    0);
}

static void
assert_file(const char *path, const char *text, mode_t mode, time_t mtime)
{
	struct stat st;
	char *got;

	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, mode);
	if (mtime != 0)
		assert_int_equal(st.st_mtim.tv_sec, mtime);
	got = slurp(path);
	assert_string_equal(got, text);
	free(got);
}

/* Scratch folder with a real path (the mirror uses the absolute path). */
static char *
scratch(void)
{
	char *dir = test_tmpdir(), *real;

	real = realpath(dir, NULL);
	assert_non_null(real);
	free(dir);
	return real;
}

static void
test_copy_file(void **state)
{
	char *dir, *bdir, *path, *saved = NULL, *cause = NULL, *want, *p;
	struct stat st;
	mode_t mode = 0;

	(void)state;
	dir = scratch();
	bdir = util_path_join(dir, "backup/001-step");
	path = util_path_join(dir, "conf/deployment.toml");
	p = util_path_join(dir, "conf");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	test_write(path, "[server]\nhostname = \"localhost\"\n");
	assert_int_equal(chmod(path, 0640), 0);
	set_mtime(path, OLD_TIME);

	assert_int_equal(backup_save(bdir, path, 0, &saved, &mode, &cause), 0);
	assert_null(cause);
	want = xprintf("%s%s", bdir, path);
	assert_string_equal(saved, want);
	assert_int_equal(mode, 0640);
	assert_file(saved, "[server]\nhostname = \"localhost\"\n", 0640,
	    OLD_TIME);
	/* The original is untouched. */
	assert_file(path, "[server]\nhostname = \"localhost\"\n", 0640,
	    OLD_TIME);
	/* The folders made for it are private. */
	assert_int_equal(stat(bdir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	p = util_dirname(saved);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(p);

	free(want);
	free(saved);
	free(path);
	free(bdir);
	test_rmtree(dir);
	free(dir);
}

static void
test_move_file(void **state)
{
	char *dir, *bdir, *path, *saved = NULL, *cause = NULL;
	struct stat st;
	mode_t mode = 0;

	(void)state;
	dir = scratch();
	bdir = util_path_join(dir, "backup");
	path = util_path_join(dir, "old.jar");
	test_write(path, "jar bytes");
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(backup_save(bdir, path, 1, &saved, &mode, &cause), 0);
	assert_non_null(saved);
	assert_int_equal(mode, 0600);
	assert_int_equal(lstat(path, &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_file(saved, "jar bytes", 0600, 0);

	/* And back again. */
	assert_int_equal(backup_restore(saved, path, &cause), 0);
	assert_file(path, "jar bytes", 0600, 0);
	assert_int_equal(lstat(saved, &st), -1);

	free(saved);
	free(path);
	free(bdir);
	test_rmtree(dir);
	free(dir);
}

/* A tree: files, a link, a read-only folder; modes and times kept. */
static void
make_tree(const char *top)
{
	char *p;

	assert_int_equal(mkdir(top, 0750), 0);
	p = util_path_join(top, "a.txt");
	test_write(p, "alpha\n");
	assert_int_equal(chmod(p, 0604), 0);
	set_mtime(p, OLD_TIME);
	free(p);
	p = util_path_join(top, "sub");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = util_path_join(top, "sub/b.sh");
	test_write(p, "#!/bin/sh\n");
	assert_int_equal(chmod(p, 0755), 0);
	free(p);
	p = util_path_join(top, "link");
	assert_int_equal(symlink("sub/b.sh", p), 0);
	set_mtime(p, OLD_TIME + 7);
	free(p);
	p = util_path_join(top, "ro");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = util_path_join(top, "ro/c");
	test_write(p, "");
	free(p);
	p = util_path_join(top, "ro");
	assert_int_equal(chmod(p, 0555), 0);
	set_mtime(p, OLD_TIME + 3);
	free(p);
	set_mtime(top, OLD_TIME + 1);
}

static void
check_tree(const char *top)
{
	char *p, target[64];
	struct stat st;
	ssize_t n;

	assert_int_equal(lstat(top, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0750);
	assert_int_equal(st.st_mtim.tv_sec, OLD_TIME + 1);
	p = util_path_join(top, "a.txt");
	assert_file(p, "alpha\n", 0604, OLD_TIME);
	free(p);
	p = util_path_join(top, "sub/b.sh");
	assert_file(p, "#!/bin/sh\n", 0755, 0);
	free(p);
	p = util_path_join(top, "link");
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(st.st_mtim.tv_sec, OLD_TIME + 7);
	n = readlink(p, target, sizeof target);
	assert_int_equal(n, 8);
	assert_memory_equal(target, "sub/b.sh", 8);
	free(p);
	p = util_path_join(top, "ro");
	assert_int_equal(lstat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0555);
	assert_int_equal(st.st_mtim.tv_sec, OLD_TIME + 3);
	free(p);
	p = util_path_join(top, "ro/c");
	assert_file(p, "", 0644 & ~0022, 0);
	free(p);
}

static void
test_folder_tree(void **state)
{
	char *dir, *bdir, *top, *saved = NULL, *cause = NULL, *want;
	struct stat st;
	mode_t mode = 0;

	(void)state;
	dir = scratch();
	bdir = util_path_join(dir, "backup");
	top = util_path_join(dir, "repository");
	make_tree(top);
	assert_int_equal(backup_save(bdir, top, 0, &saved, &mode, &cause), 0);
	want = xprintf("%s%s", bdir, top);
	assert_string_equal(saved, want);
	assert_int_equal(mode, 0750);
	check_tree(saved);
	check_tree(top);

	/* A copy the program made goes away whole, read-only parts too. */
	assert_int_equal(copy_remove_tree(saved, &cause), 0);
	assert_int_equal(lstat(saved, &st), -1);
	free(saved);

	/* Moved: the original is gone, the copy is whole. */
	assert_int_equal(backup_save(bdir, top, 1, &saved, &mode, &cause), 0);
	assert_string_equal(saved, want);
	assert_int_equal(lstat(top, &st), -1);
	check_tree(saved);
	assert_int_equal(backup_restore(saved, top, &cause), 0);
	check_tree(top);

	free(saved);
	free(want);
	free(top);
	free(bdir);
	test_rmtree(dir);
	free(dir);
}

static void
test_second_backup(void **state)
{
	char *dir, *bdir, *path, *s1 = NULL, *s2 = NULL, *s3 = NULL;
	char *cause = NULL, *want;
	mode_t mode;

	(void)state;
	dir = scratch();
	bdir = util_path_join(dir, "backup");
	path = util_path_join(dir, "x.toml");
	test_write(path, "one");
	assert_int_equal(backup_save(bdir, path, 0, &s1, &mode, &cause), 0);
	test_write(path, "two");
	assert_int_equal(backup_save(bdir, path, 0, &s2, &mode, &cause), 0);
	test_write(path, "three");
	assert_int_equal(backup_save(bdir, path, 1, &s3, &mode, &cause), 0);
	want = xprintf("%s.1", s1);
	assert_string_equal(s2, want);
	free(want);
	want = xprintf("%s.2", s1);
	assert_string_equal(s3, want);
	free(want);
	assert_file(s1, "one", 0644 & ~0022, 0);
	assert_file(s2, "two", 0644 & ~0022, 0);
	assert_file(s3, "three", 0644 & ~0022, 0);

	/* Restoring over something that is there is refused. */
	test_write(path, "new");
	assert_int_equal(backup_restore(s1, path, &cause), -1);
	want = xprintf("cannot restore %s: it exists already", path);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	assert_file(path, "new", 0644 & ~0022, 0);
	assert_file(s1, "one", 0644 & ~0022, 0);

	free(s1);
	free(s2);
	free(s3);
	free(path);
	free(bdir);
	test_rmtree(dir);
	free(dir);
}

static void
test_missing_path(void **state)
{
	char *dir, *bdir, *path, *saved = (char *)"x", *cause = NULL;
	struct stat st;
	mode_t mode = 1;

	(void)state;
	dir = scratch();
	bdir = util_path_join(dir, "backup");
	path = util_path_join(dir, "nothing/here");
	assert_int_equal(backup_save(bdir, path, 1, &saved, &mode, &cause), 0);
	assert_null(saved);
	assert_null(cause);
	assert_int_equal(mode, 0);
	/* Nothing was made for it. */
	assert_int_equal(lstat(bdir, &st), -1);
	free(path);
	free(bdir);
	test_rmtree(dir);
	free(dir);
}

/* Relative paths and ".." are mirrored by their absolute, clean path. */
static void
test_relative_path(void **state)
{
	char *dir, *bdir, *sub, *saved = NULL, *cause = NULL, *want;
	char cwd[PATH_MAX];
	mode_t mode;

	(void)state;
	dir = scratch();
	bdir = util_path_join(dir, "backup");
	sub = util_path_join(dir, "sub");
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(sub), 0);
	test_write("f.txt", "rel");
	assert_int_equal(backup_save(bdir, "./../sub//f.txt", 0, &saved, &mode,
	    &cause), 0);
	assert_int_equal(chdir(cwd), 0);
	want = xprintf("%s%s/f.txt", bdir, sub);
	assert_string_equal(saved, want);
	assert_file(saved, "rel", 0644 & ~0022, 0);
	free(want);
	free(saved);
	free(sub);
	free(bdir);
	test_rmtree(dir);
	free(dir);
}

static void
test_copy_errors(void **state)
{
	char *dir, *a, *b, *cause = NULL, *want;

	(void)state;
	dir = scratch();
	a = util_path_join(dir, "a");
	b = util_path_join(dir, "b");
	test_write(a, "A");
	test_write(b, "B");
	assert_int_equal(copy_path(a, b, &cause), -1);
	want = xprintf("cannot copy %s to %s: File exists", a, b);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	cause = NULL;
	assert_int_equal(copy_move(a, b, &cause), -1);
	want = xprintf("cannot move %s to %s: File exists", a, b);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	cause = NULL;
	assert_file(a, "A", 0644 & ~0022, 0);
	assert_file(b, "B", 0644 & ~0022, 0);

	free(b);
	b = util_path_join(dir, "missing");
	free(a);
	a = util_path_join(dir, "c");
	assert_int_equal(copy_path(b, a, &cause), -1);
	want = xprintf("cannot read %s: No such file or directory", b);
	assert_string_equal(cause, want);
	free(want);
	free(cause);

	free(a);
	free(b);
	test_rmtree(dir);
	free(dir);
}

/* As root, a copy keeps the owner (a restored file must stay readable by
 * the product's user). */
static void
test_owner_kept(void **state)
{
	char *dir, *bdir, *path, *saved = NULL, *cause = NULL;
	struct stat st;
	mode_t mode;

	(void)state;
	if (geteuid() != 0)
		skip();
	dir = scratch();
	bdir = util_path_join(dir, "backup");
	path = util_path_join(dir, "owned");
	test_write(path, "x");
	assert_int_equal(chmod(path, 04750), 0);
	assert_int_equal(chown(path, 1234, 2345), 0);
	assert_int_equal(chmod(path, 04750), 0);
	assert_int_equal(backup_save(bdir, path, 0, &saved, &mode, &cause), 0);
	assert_int_equal(mode, 04750);
	assert_int_equal(lstat(saved, &st), 0);
	assert_int_equal(st.st_uid, 1234);
	assert_int_equal(st.st_gid, 2345);
	assert_int_equal(st.st_mode & 07777, 04750);
	free(saved);
	free(path);
	free(bdir);
	test_rmtree(dir);
	free(dir);
}

/* Across file systems a move is a copy and a removal. As root the whole
 * tree goes; otherwise its read-only folder cannot be emptied, and as
 * mv(1) the move stops there, changing no mode, the copy being whole. */
static void
test_move_across(void **state)
{
	char *dir, *shm, *src, *dst, *cause = NULL, *p, *want;
	struct stat st1, st2;

	(void)state;
	if (stat("/dev/shm", &st1) == -1 || !S_ISDIR(st1.st_mode) ||
	    access("/dev/shm", W_OK) == -1)
		skip();
	dir = scratch();
	if (stat(dir, &st2) == -1 || st1.st_dev == st2.st_dev) {
		test_rmtree(dir);
		free(dir);
		skip();
	}
	shm = xstrdup("/dev/shm/wizard-test.XXXXXX");
	assert_non_null(mkdtemp(shm));
	src = util_path_join(shm, "tree");
	dst = util_path_join(dir, "tree");
	make_tree(src);
	if (geteuid() == 0) {
		assert_int_equal(copy_move(src, dst, &cause), 0);
		assert_null(cause);
		assert_int_equal(lstat(src, &st1), -1);
		assert_int_equal(errno, ENOENT);
	} else {
		assert_int_equal(copy_move(src, dst, &cause), -1);
		/* What goes first depends on the order of the folder. */
		want = xprintf("%s was copied to %s, but ", src, dst);
		if (strncmp(cause, want, strlen(want)) != 0)
			fail_msg("%s", cause);
		free(want);
		want = xprintf("cannot remove %s/ro/c: Permission denied",
		    src);
		if (strstr(cause, want) == NULL)
			fail_msg("%s", cause);
		free(want);
		free(cause);
		p = util_path_join(src, "ro");
		assert_int_equal(lstat(p, &st1), 0);
		assert_int_equal(st1.st_mode & 07777, 0555);
		free(p);
	}
	check_tree(dst);

	free(src);
	free(dst);
	test_rmtree(shm);
	free(shm);
	test_rmtree(dir);
	free(dir);
}

/* Missing folders are made, each synced; a file in the way is an error. */
static void
test_mkdir_sync(void **state)
{
	char *dir, *p, *file, *cause = NULL, *want;
	struct stat st;

	(void)state;
	dir = scratch();
	p = util_path_join(dir, "a/b/c");
	assert_int_equal(util_mkdir_p_sync(p, 0700, &cause), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(util_mkdir_p_sync(p, 0700, &cause), 0);
	free(p);
	file = util_path_join(dir, "a/file");
	test_write(file, "");
	p = util_path_join(dir, "a/file/d");
	assert_int_equal(util_mkdir_p_sync(p, 0700, &cause), -1);
	want = xprintf("cannot create folder %s: Not a directory", p);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	cause = NULL;
	assert_int_equal(util_mkdir_p(file, 0700, &cause), -1);
	want = xprintf("%s exists and is not a folder", file);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	free(p);
	free(file);
	test_rmtree(dir);
	free(dir);
}

/* A new folder on another file system than dir, or NULL. */
static char *
other_fs(const char *dir)
{
	struct stat a, b;
	char *p;

	if (stat("/dev/shm", &a) == -1 || !S_ISDIR(a.st_mode) ||
	    access("/dev/shm", W_OK) == -1 || stat(dir, &b) == -1 ||
	    a.st_dev == b.st_dev)
		return NULL;
	p = xstrdup("/dev/shm/wizard-test.XXXXXX");
	assert_non_null(mkdtemp(p));
	return p;
}

/* A move in two halves: across file systems the original stays until
 * backup_remove_original; on one file system it is simply renamed. */
static void
test_move_halves(void **state)
{
	char *dir, *other, *bdir, *path, *saved = NULL, *cause = NULL;
	struct stat st;
	mode_t mode;
	int pending = -1;

	(void)state;
	dir = scratch();
	path = util_path_join(dir, "conf.xml");
	test_write(path, "c");
	bdir = util_path_join(dir, "backup");
	assert_int_equal(backup_move_begin(bdir, path, &saved, &mode,
	    &pending, &cause), 0);
	assert_int_equal(pending, 0);
	assert_int_equal(lstat(path, &st), -1);
	assert_file(saved, "c", 0644 & ~0022, 0);
	free(saved);
	free(bdir);

	if ((other = other_fs(dir)) == NULL) {
		free(path);
		test_rmtree(dir);
		free(dir);
		print_message("# no second file system (/dev/shm): skipped\n");
		skip();
	}
	test_write(path, "d");
	bdir = util_path_join(other, "backup");
	assert_int_equal(backup_move_begin(bdir, path, &saved, &mode,
	    &pending, &cause), 0);
	assert_int_equal(pending, 1);
	assert_file(path, "d", 0644 & ~0022, 0);
	assert_file(saved, "d", 0644 & ~0022, 0);
	assert_int_equal(backup_remove_original(path, saved, &cause), 0);
	assert_int_equal(lstat(path, &st), -1);
	assert_file(saved, "d", 0644 & ~0022, 0);

	free(saved);
	free(bdir);
	free(path);
	test_rmtree(other);
	free(other);
	test_rmtree(dir);
	free(dir);
}

struct victim {
	const char	*bdir;
	const char	*path;
};

/* In the child: move the victim into the backup folder, and report. */
static void
save_victim(void *arg, int fd)
{
	struct victim *v = arg;
	char *saved = NULL, *cause = NULL;
	mode_t mode = 0;
	int r;

	r = backup_save(v->bdir, v->path, 1, &saved, &mode, &cause);
	dprintf(fd, "%d\n%s\n%s", r, saved != NULL ? saved : "-",
	    cause != NULL ? cause : "-");
	free(saved);
	free(cause);
}

/* A move across file systems whose original cannot all be removed: the
 * copy is whole and handed back, the reason says what is where, and the
 * original's modes are not changed to force the removal. */
static void
test_move_across_partial(void **state)
{
	char *dir, *other, *bdir, *victim, *sub, *x, *out, *saved, *cause;
	char *nl, *want, *p;
	struct victim v;
	struct stat st;

	(void)state;
	dir = scratch();
	if ((other = other_fs(dir)) == NULL) {
		test_rmtree(dir);
		free(dir);
		print_message("# no second file system (/dev/shm): skipped\n");
		skip();
	}
	/* victim is read-only: sub/x can go, sub itself cannot. */
	assert_int_equal(chmod(dir, 0755), 0);
	victim = util_path_join(dir, "victim");
	sub = util_path_join(dir, "victim/sub");
	x = util_path_join(dir, "victim/sub/x");
	assert_int_equal(mkdir(victim, 0755), 0);
	assert_int_equal(mkdir(sub, 0755), 0);
	test_write(x, "x");
	if (geteuid() == 0) {
		assert_int_equal(lchown(victim, 65534, 65534), 0);
		assert_int_equal(lchown(sub, 65534, 65534), 0);
		assert_int_equal(lchown(x, 65534, 65534), 0);
		assert_int_equal(lchown(other, 65534, 65534), 0);
	}
	assert_int_equal(chmod(victim, 0555), 0);
	bdir = util_path_join(other, "backup");
	v.bdir = bdir;
	v.path = victim;

	if ((out = test_as_user(save_victim, &v)) == NULL) {
		test_rmtree(other);
		test_rmtree(dir);
		free(bdir);
		free(x);
		free(sub);
		free(victim);
		free(other);
		free(dir);
		print_message("# cannot become the user nobody: skipped\n");
		skip();
	}
	nl = strchr(out, '\n');
	assert_non_null(nl);
	*nl = '\0';
	assert_string_equal(out, "-1");
	saved = nl + 1;
	nl = strchr(saved, '\n');
	assert_non_null(nl);
	*nl = '\0';
	cause = nl + 1;
	want = xprintf("%s%s", bdir, victim);
	assert_string_equal(saved, want);
	free(want);
	want = xprintf("%s is saved in full as %s, but removing the original "
	    "stopped after 1 entry: cannot remove folder %s: Permission "
	    "denied; that entry is gone from %s, the rest of it is still "
	    "there", victim, saved, sub, victim);
	assert_string_equal(cause, want);
	free(want);
	p = util_path_join(saved, "sub/x");
	assert_file(p, "x", 0644 & ~0022, 0);
	free(p);
	assert_int_equal(lstat(x, &st), -1);
	assert_int_equal(lstat(sub, &st), 0);
	assert_int_equal(lstat(victim, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0555);

	free(out);
	free(bdir);
	free(x);
	free(sub);
	free(victim);
	test_rmtree(other);
	free(other);
	test_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_file),
		cmocka_unit_test(test_move_file),
		cmocka_unit_test(test_folder_tree),
		cmocka_unit_test(test_second_backup),
		cmocka_unit_test(test_missing_path),
		cmocka_unit_test(test_relative_path),
		cmocka_unit_test(test_copy_errors),
		cmocka_unit_test(test_owner_kept),
		cmocka_unit_test(test_move_across),
		cmocka_unit_test(test_mkdir_sync),
		cmocka_unit_test(test_move_halves),
		cmocka_unit_test(test_move_across_partial),
	};

	umask(022);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
