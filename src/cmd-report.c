/* cmd-report.c: the report of a session, on stdout, into a file (-o) or to
 * the printer (--print, through lp). Reads the session; changes nothing in
 * it. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "engine.h"
#include "i18n.h"
#include "report.h"
#include "session.h"
#include "util.h"
#include "xmalloc.h"

/* The guides with a session under the state folder (with --training,
 * their training sessions). The caller frees the list with cmd_free_list. */
static char **
report_sessions(const struct cmd_opts *o, size_t *n)
{
	char *base = cmd_state_base(o), *top, *dir;
	char **v = xcalloc(1, sizeof *v);
	struct dirent *de;
	DIR *d;

	*n = 0;
	top = o->training ? util_path_join(base, "training") : xstrdup(base);
	if ((d = opendir(top)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			dir = cmd_session_dir(o, de->d_name);
			if (session_exists(dir)) {
				v = xreallocarray(v, *n + 2, sizeof *v);
				v[(*n)++] = xstrdup(de->d_name);
				v[*n] = NULL;
			}
			free(dir);
		}
		closedir(d);
	}
	free(top);
	free(base);
	return v;
}

/* A program on PATH, or NULL; the caller frees it. */
static char *
report_find_program(const char *name)
{
	const char *path = getenv("PATH");
	char *copy, *p, *dir, *full;

	if (path == NULL || *path == '\0')
		return NULL;
	copy = xstrdup(path);
	for (p = copy; (dir = strsep(&p, ":")) != NULL; ) {
		full = util_path_join(*dir != '\0' ? dir : ".", name);
		if (access(full, X_OK) == 0) {
			free(copy);
			return full;
		}
		free(full);
	}
	free(copy);
	return NULL;
}

/* Send the text to lp on its standard input. -1 with *cause. */
static int
report_print(const char *text, size_t len, char **cause)
{
	struct sigaction sa, old;
	char *lp = report_find_program("lp");
	int fds[2], status, e = 0;
	size_t off = 0;
	ssize_t w;
	pid_t pid;

	if (lp == NULL) {
		*cause = xstrdup(_("cannot print: there is no 'lp' command on PATH; write the report to a file with -o and print it from there"));
		return -1;
	}
	if (pipe(fds) == -1) {
		*cause = xprintf(_("cannot run %s: %s"), lp, strerror(errno));
		free(lp);
		return -1;
	}
	fflush(stdout);
	if ((pid = fork()) == -1) {
		*cause = xprintf(_("cannot run %s: %s"), lp, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		free(lp);
		return -1;
	}
	if (pid == 0) {
		close(fds[1]);
		if (dup2(fds[0], STDIN_FILENO) == -1)
			_exit(127);
		close(fds[0]);
		execl(lp, "lp", (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &old);
	while (off < len) {
		w = write(fds[1], text + off, len - off);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1) {
			e = errno;
			break;
		}
		off += (size_t)w;
	}
	close(fds[1]);
	sigaction(SIGPIPE, &old, NULL);
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			*cause = xprintf(_("cannot run %s: %s"), lp,
			    strerror(errno));
			free(lp);
			return -1;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && e == 0) {
		free(lp);
		return 0;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		*cause = xprintf(_("cannot print: %s could not be run"), lp);
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		*cause = xprintf(_("cannot print: %s failed with exit status %d"),
		    lp, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		*cause = xprintf(_("cannot print: %s was killed by signal %d"),
		    lp, WTERMSIG(status));
	else
		*cause = xprintf(_("cannot print: %s did not read the report: %s"),
		    lp, strerror(e));
	free(lp);
	return -1;
}

static int
cmd_report_exec(struct cmd_opts *o)
{
	struct session *s = NULL;
	struct guide *g = NULL;
	struct report *r = NULL;
	struct engine e;
	struct buf out = BUF_INIT;
	char **ids = NULL, *dir = NULL, *base, *cause = NULL;
	const char *id;
	size_t n, i;
	int format, rc = CMD_ERROR, have_engine = 0;

	format = report_format_from_name(o->format);
	if (format == -1) {
		cmd_error(_("unknown report format '%s': text, markdown, html or yaml"),
		    o->format);
		return CMD_ERROR;
	}
	if (o->print && format != REPORT_TEXT) {
		cmd_error("%s", _("--print sends the text report; leave out --format or give --format text"));
		return CMD_ERROR;
	}
	if (o->nargs == 1)
		id = o->args[0];
	else {
		ids = report_sessions(o, &n);
		base = cmd_state_base(o);
		if (n != 1) {
			if (n == 0)
				cmd_error(_("there is no session in %s to report on"),
				    base);
			else {
				cmd_error(P_("there is %zu session in %s; name the one to report on:",
				    "there are %zu sessions in %s; name the one to report on:",
				    n), n, base);
				for (i = 0; i < n; i++)
					fprintf(stderr, "  %s\n", ids[i]);
			}
			free(base);
			cmd_free_list(ids);
			return CMD_ERROR;
		}
		free(base);
		id = ids[0];
	}

	dir = cmd_session_dir(o, id);
	if ((s = session_load(dir, &cause)) == NULL) {
		if (errno == ENOENT)
			cmd_error(_("there is no session of guide '%s' in %s"),
			    id, dir);
		else
			cmd_error("%s", cause);
		goto out;
	}
	g = cmd_load_guide(o, id);
	if (g == NULL && s->checklist != NULL)
		g = cmd_load_guide(o, s->checklist);
	if (g == NULL)
		goto out;
	engine_init(&e, g, s, NULL);
	e.readonly = 1;
	have_engine = 1;
	r = report_new(&e);
	if (report_write(r, o->print ? REPORT_TEXT : (enum report_format)format,
	    &out, &cause) == -1) {
		cmd_error("%s", cause);
		goto out;
	}
	if (o->output != NULL) {
		if (report_save(o->output, &out, &cause) == -1) {
			cmd_error("%s", cause);
			goto out;
		}
		printf(_("The report of guide %s is in %s.\n"), g->id,
		    o->output);
	}
	if (o->print) {
		if (report_print(buf_str(&out), out.len, &cause) == -1) {
			cmd_error("%s", cause);
			goto out;
		}
		printf(_("The report of guide %s was sent to the printer (lp).\n"),
		    g->id);
	}
	if (o->output == NULL && !o->print)
		fwrite(buf_str(&out), 1, out.len, stdout);
	rc = CMD_OK;
out:
	report_free(r);
	if (have_engine)
		engine_clear(&e);
	checklist_free(g);
	session_close(s);
	buf_free(&out);
	free(cause);
	free(dir);
	cmd_free_list(ids);
	return rc;
}

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = N_("[ID] [--format text|markdown|html|yaml] [-o FILE] [--print]"),
	.summary = N_("the report of a session, to keep and sign (the only session without ID)"),
	.min_args = 0,
	.max_args = 1,
	.options = CMD_OPT_FORMAT | CMD_OPT_OUTPUT | CMD_OPT_TRAINING |
	    CMD_OPT_PRINT,
	.exec = cmd_report_exec,
};
