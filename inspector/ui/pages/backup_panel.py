"""Cài đặt › Sao lưu và khôi phục: the automatic backups, how long they are kept, a backup on
demand and the checked restore. The work is the backups service's; this panel only asks."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector import paths
from inspector.services import backups
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui.models import Column, ListTableModel
from inspector.ui.support import dialogs, guarded, tr


def _restored_text(report: backups.RestoreReport, what: str) -> str:
    """What a restore did, in one sentence: its check's verdict and where the state before it
    was kept."""
    verdict = (tr("Đã khôi phục {0}; kiểm tra toàn vẹn đạt.") if report.check_ok
               else tr("Đã khôi phục {0} nhưng kiểm tra toàn vẹn PHÁT HIỆN LỖI.")).format(what)
    kept = tr(" Dữ liệu trước khi khôi phục được giữ tại {0}.").format(report.previous) \
        if report.previous else ""
    return verdict + kept


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


class BackupPanel(QGroupBox):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(tr("Sao lưu và khôi phục"), parent)
        self.setObjectName("backupPanel")
        self.db, self.actor = db, actor
        layout = QVBoxLayout(self)
        self.policy_label = QLabel("")
        self.policy_label.setWordWrap(True)
        layout.addWidget(self.policy_label)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Giữ bản sao lưu tự động (ngày):")))
        self.keep_days = QSpinBox()
        self.keep_days.setObjectName("keepDays")
        self.keep_days.setRange(1, 3650)
        row.addWidget(self.keep_days)
        save = QPushButton(tr("Lưu"))
        save.setObjectName("saveBackupPolicy")
        save.clicked.connect(self.save_policy)
        row.addWidget(save)
        row.addStretch(1)
        layout.addLayout(row)
        self.items: ListTableModel[backups.BackupInfo] = ListTableModel([
            Column(tr("Thời điểm"), lambda b: b.created_at.strftime("%d/%m/%Y %H:%M")),
            Column(tr("Dung lượng"), lambda b: _size(b.size_bytes)),
            Column(tr("Tệp chứng cứ"), lambda b: str(b.attachments)),
        ])
        self.view = view = QTableView()
        view.setObjectName("backupList")
        view.setModel(self.items)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().setVisible(False)
        view.setMaximumHeight(160)
        layout.addWidget(view)
        buttons = QHBoxLayout()
        now = QPushButton(tr("Sao lưu ngay"))
        now.setObjectName("backupNow")
        now.clicked.connect(self.backup_now)
        buttons.addWidget(now)
        restore = QPushButton(tr("Khôi phục từ bản sao lưu…"))
        restore.setObjectName("restoreDb")
        restore.clicked.connect(self.restore)
        buttons.addWidget(restore)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.result = QLabel("")
        self.result.setObjectName("restoreResult")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.refresh()

    def refresh(self) -> None:
        policy = backups.load_policy()
        self.keep_days.setValue(policy.keep_days)
        hours = f"{policy.interval_hours:g}".replace(".", ",")
        self.policy_label.setText(tr(
            "Chương trình tự sao lưu cơ sở dữ liệu và tệp chứng cứ khi mở và sau mỗi {0} giờ "
            "sử dụng, giữ {1} ngày. Thư mục: {2}").format(
                hours, policy.keep_days, paths.backups_dir()))
        self.items.set_items(backups.list_backups())
        self.view.resizeColumnsToContents()

    def save_policy(self) -> None:
        if guarded(self, tr("lưu cài đặt sao lưu"),
                   lambda: backups.save_policy(self.actor, self.keep_days.value())):
            self.refresh()
            self.result.setText(tr("Đã lưu: giữ bản sao lưu {0} ngày.").format(
                self.keep_days.value()))

    def backup_now(self) -> None:
        info = guarded(self, tr("sao lưu"), lambda: backups.auto_backup(self.db, force=True))
        if info is not None:
            self.result.setText(tr("Đã sao lưu: {0}").format(info.path))
        self.refresh()

    def choose_file(self) -> str:
        """The backup to restore (tests replace this)."""
        name, _ = QFileDialog.getOpenFileName(self, tr("Chọn bản sao lưu"),
                                              str(paths.backups_dir()), "SQLite (*.sqlite)")
        return name

    def restore(self) -> None:
        name = self.choose_file()
        if not name:
            return

        def confirm(check: backups.BackupCheck) -> bool:
            when = check.manifest.get("created_at", "")
            shown = when.replace("T", " ") if when else tr("không rõ thời điểm")
            return dialogs.confirm(self, tr("Khôi phục cơ sở dữ liệu"), tr(
                "Bản sao lưu ({0}) đã được kiểm tra: toàn vẹn, đúng lược đồ, nhật ký kiểm toán "
                "liền mạch ({1} mục).\n\nThay cơ sở dữ liệu hiện tại bằng bản này? Dữ liệu hiện "
                "tại được giữ lại thành một bản sao riêng.").format(shown, check.audit_entries))

        report = guarded(self, tr("khôi phục"), lambda: backups.restore_backup(
            self.db.url, self.actor, Path(name), confirm, current=self.db))
        if self.db.usage_lock is not None:
            self.db.usage_lock.acquire()
        if report is None:
            return
        text = _restored_text(report, tr("cơ sở dữ liệu"))
        self.result.setText(text)
        dialogs.info(self, tr("Khôi phục"), text)
        self.refresh()


class ServerBackupPanel(QGroupBox):
    """Cài đặt › Sao lưu và khôi phục on a department server: ``pg_dump`` into a file chosen by
    the administrator, and the restore of such a file (refused while other workstations are
    connected). The automatic backups of a laptop do not apply: the server's own schedule
    keeps them (README, "The department server")."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(tr("Sao lưu và khôi phục máy chủ"), parent)
        self.setObjectName("serverBackupPanel")
        self.db, self.actor = db, actor
        layout = QVBoxLayout(self)
        note = QLabel(tr("Bản sao lưu của máy chủ (pg_dump) gồm cả tài liệu, ảnh lưu trên máy "
                         "chủ. Khi khôi phục, các máy trạm khác phải đóng chương trình; sau đó "
                         "quản trị viên đặt lại mốc nhật ký ở từng máy trạm."))
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(tr("Sao lưu máy chủ ra tệp…"))
        self.backup_button.setObjectName("serverBackup")
        self.backup_button.clicked.connect(self.backup)
        buttons.addWidget(self.backup_button)
        self.restore_button = QPushButton(tr("Khôi phục máy chủ từ tệp…"))
        self.restore_button.setObjectName("serverRestore")
        self.restore_button.clicked.connect(self.restore)
        buttons.addWidget(self.restore_button)
        self.upload_button = QPushButton(tr("Tải lên máy chủ tài liệu, ảnh còn ở máy này"))
        self.upload_button.setObjectName("uploadEvidence")
        self.upload_button.setToolTip(tr("Tài liệu, ảnh đính kèm trước khi máy chủ lưu giữ "
                                         "chúng (cấu trúc dữ liệu phiên bản 19) chỉ có ở máy "
                                         "trạm đã đính kèm"))
        self.upload_button.clicked.connect(self.upload_evidence)
        buttons.addWidget(self.upload_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.result = QLabel("")
        self.result.setObjectName("serverRestoreResult")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)

    def backup(self) -> None:
        from datetime import datetime

        name = dialogs.save_file(self, tr("Sao lưu máy chủ"),
                                 f"inspector-{datetime.now():%Y%m%d-%H%M}.dump",
                                 tr("Bản sao lưu PostgreSQL (*.dump)"))
        if not name:
            return
        done = guarded(self, tr("sao lưu máy chủ"),
                       lambda: backups.backup_to(self.db, self.actor, Path(name)))
        if done is not None:
            self.result.setText(tr("Đã sao lưu máy chủ vào {0}.").format(done))

    def upload_evidence(self) -> None:
        from inspector.services.attachments import upload_missing

        done = guarded(self, tr("tải tài liệu, ảnh lên máy chủ"),
                       lambda: upload_missing(self.db, self.actor))
        if done is None:
            return
        uploaded, missing = done
        text = tr("Đã tải lên máy chủ {0} tệp.").format(uploaded)
        if missing:
            text += " " + tr("Còn {0} tệp không có ở máy này: hãy làm việc này ở máy trạm đã "
                             "đính kèm chúng.").format(missing)
        self.result.setText(text)

    def restore(self) -> None:
        name = dialogs.open_file(self, tr("Chọn bản sao lưu máy chủ"),
                                 tr("Bản sao lưu PostgreSQL (*.dump)"))
        if not name:
            return

        def confirm(_check: backups.BackupCheck) -> bool:
            return dialogs.confirm(self, tr("Khôi phục máy chủ"), tr(
                "Tệp {0} là một bản sao lưu PostgreSQL đọc được.\n\nThay toàn bộ dữ liệu trên "
                "máy chủ bằng bản này? Dữ liệu hiện tại được sao lưu trước thành một tệp riêng "
                "bên cạnh.").format(Path(name).name))

        report = guarded(self, tr("khôi phục máy chủ"), lambda: backups.restore_backup(
            self.db.url, self.actor, Path(name), confirm, current=self.db))
        if report is None:
            return
        text = _restored_text(report, tr("máy chủ"))
        self.result.setText(text)
        dialogs.info(self, tr("Khôi phục máy chủ"), text)


class AutomaticBackups(QObject):
    """Backs up at start and every ``interval_hours`` of use, off the GUI thread."""

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.timer = QTimer(self)
        self.timer.setInterval(int(backups.load_policy().interval_hours * 3600 * 1000))
        self.timer.timeout.connect(lambda: self._run(False))
        self.timer.start()
        self._run(True)

    def _run(self, at_start: bool) -> None:
        threading.Thread(target=backups.auto_backup, args=(self.db, at_start),
                         name="inspector-backup", daemon=True).start()
