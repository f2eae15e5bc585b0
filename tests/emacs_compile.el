;; Lists what Emacs's compile mode makes of a file of compiler-style lines: file|line|column for
;; every message it finds, line by line (more than one per line would show a false match).
(require 'compile)
(let ((input (car command-line-args-left))
      (output (cadr command-line-args-left))
      (entries nil))
  (with-current-buffer (find-file-noselect input)
    (compilation-mode)
    (font-lock-ensure)
    (goto-char (point-min))
    (while (not (eobp))
      (let ((pos (line-beginning-position))
            (end (line-end-position)))
        (while (and pos (< pos end))
          (setq pos (text-property-not-all pos end 'compilation-message nil))
          (when pos
            (let* ((message (get-text-property pos 'compilation-message))
                   (loc (compilation--message->loc message)))
              (push (format "%s|%s|%s"
                            (caar (compilation--loc->file-struct loc))
                            (compilation--loc->line loc)
                            (compilation--loc->col loc))
                    entries))
            (setq pos (next-single-property-change pos 'compilation-message nil end)))))
      (forward-line 1)))
  (with-temp-file output
    (insert (mapconcat #'identity (nreverse entries) "\n"))))
