dnl wiz-lib-soname.m4: the soname of a shared library, as the dynamic
dnl loader would look it up.
dnl
dnl WIZ_LIB_SONAME(VARIABLE, WHAT, CFLAGS, LIBS, PROLOGUE, CALL, PATTERN)
dnl links a program that makes CALL (after PROLOGUE) with CFLAGS and LIBS,
dnl reads the libraries it needs (objdump -p: NEEDED) and keeps the first
dnl whose name matches the sed PATTERN (a basic regular expression, whole
dnl name). VARIABLE is substituted and defined in config.h as a string;
dnl configure stops if WHAT cannot be linked or its soname is not found.
AC_DEFUN([WIZ_LIB_SONAME], [
	AC_MSG_CHECKING([the soname of $2])
	wiz_save_CFLAGS=$CFLAGS
	wiz_save_LIBS=$LIBS
	CFLAGS="$CFLAGS $3"
	LIBS="$4 $LIBS"
	$1=""
	AC_LINK_IFELSE([AC_LANG_PROGRAM([$5], [return (int)$6;])],
		[$1=`$OBJDUMP -p conftest$EXEEXT | sed -n "s/^ *NEEDED *\($7\)\$/\1/p" | sed -n 1p`])
	CFLAGS=$wiz_save_CFLAGS
	LIBS=$wiz_save_LIBS
	AS_IF([test -z "$$1"], [
		AC_MSG_RESULT([not found])
		AC_MSG_ERROR([the soname of $2 was not found (a program linked with $4 needs no library named $7)])])
	AC_MSG_RESULT([$$1])
	AC_DEFINE_UNQUOTED([$1], ["$$1"], [the soname of $2, loaded with dlopen])
	AC_SUBST([$1])
])
