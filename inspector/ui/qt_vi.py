"""Qt's own words in Vietnamese: the standard buttons, message boxes, file and print dialogs.

PySide6 ships no ``qtbase_vi.qm`` (Qt has no Vietnamese translation of its base module), so when
none is found the app installs this translator for the strings of Qt's dialogs users meet; a
``qtbase_vi.qm`` found in Qt's translations folder is loaded first and wins.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator

_BUTTONS = {
    "OK": "Đồng ý", "&OK": "Đồng ý", "Save": "Lưu", "&Save": "&Lưu", "Save All": "Lưu tất cả",
    "Open": "Mở", "&Open": "&Mở", "Cancel": "Hủy", "&Cancel": "&Hủy", "Close": "Đóng",
    "&Close": "Đó&ng", "Apply": "Áp dụng", "Reset": "Đặt lại", "Help": "Trợ giúp",
    "Don't Save": "Không lưu", "Discard": "Bỏ", "Close without Saving": "Đóng, không lưu",
    "&Yes": "&Có", "Yes": "Có", "Yes to &All": "Có với tất cả", "Yes to All": "Có với tất cả",
    "&No": "&Không", "No": "Không", "N&o to All": "Không với tất cả",
    "No to All": "Không với tất cả", "Abort": "Dừng", "Retry": "Thử lại", "Ignore": "Bỏ qua",
    "Restore Defaults": "Khôi phục mặc định",
}
STRINGS: dict[str, dict[str, str]] = {
    "QPlatformTheme": _BUTTONS,
    "QDialogButtonBox": _BUTTONS,
    "QMessageBox": {**_BUTTONS, "Show Details...": "Xem chi tiết…",
                    "Hide Details...": "Ẩn chi tiết…"},
    "QFileDialog": {
        "Look in:": "Tìm trong:", "File &name:": "&Tên tệp:", "File name:": "Tên tệp:",
        "Files of type:": "Kiểu tệp:", "&Open": "&Mở", "&Save": "&Lưu", "Open": "Mở",
        "Save As": "Lưu thành", "Cancel": "Hủy", "&Choose": "&Chọn", "Back": "Quay lại",
        "Forward": "Tiến", "Parent Directory": "Thư mục cha", "Create New Folder": "Tạo thư mục",
        "New Folder": "Thư mục mới", "List View": "Dạng danh sách",
        "Detail View": "Dạng chi tiết", "All Files (*)": "Mọi tệp (*)", "Directory:": "Thư mục:",
        "Directories": "Thư mục", "My Computer": "Máy tính", "Computer": "Máy tính",
        "&Rename": "Đổi &tên", "&Delete": "&Xóa", "Show &hidden files": "Hiện tệp ẩn",
        "&New Folder": "Thư mục &mới", "Recent Places": "Nơi dùng gần đây",
        "%1 already exists.\nDo you want to replace it?":
            "%1 đã có.\nBạn có muốn thay thế không?",
        "%1\nFile not found.\nPlease verify the correct file name was given.":
            "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp.",
    },
    "QFileSystemModel": {"Name": "Tên", "Size": "Kích thước", "Type": "Kiểu",
                         "Kind": "Loại", "Date Modified": "Ngày sửa", "My Computer": "Máy tính",
                         "Computer": "Máy tính"},
    "QPrintDialog": {
        "Print": "In", "&Print": "&In", "Print To File ...": "In ra tệp…",
        "Print to File (PDF)": "In ra tệp (PDF)", "Local file": "Tệp trên máy",
        "&Options >>": "&Tùy chọn >>", "&Options <<": "&Tùy chọn <<", "Printer": "Máy in",
        "Print all": "In tất cả", "Print range": "In trang từ", "Pages from": "Từ trang",
        "to": "đến", "Copies": "Số bản", "Collate": "Sắp bộ", "Cancel": "Hủy",
        "Write PDF file": "Ghi tệp PDF", "Print current page": "In trang hiện tại",
        "Print selection": "In phần đã chọn",
    },
    "QPrintPropertiesWidget": {"Page": "Trang", "Advanced": "Nâng cao"},
    "QPageSetupWidget": {"Paper": "Giấy", "Page size:": "Khổ giấy:", "Orientation": "Hướng",
                         "Portrait": "Dọc", "Landscape": "Ngang", "Margins": "Lề",
                         "top margin": "lề trên", "left margin": "lề trái",
                         "right margin": "lề phải", "bottom margin": "lề dưới"},
    "QPrintPreviewDialog": {"Print Preview": "Xem trước khi in", "Print": "In",
                            "Close": "Đóng", "Page Setup": "Thiết lập trang"},
    "QLineEdit": {"&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Chép",
                  "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn tất cả"},
    "QWidgetTextControl": {"&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt",
                           "&Copy": "&Chép", "&Paste": "&Dán", "Delete": "Xóa",
                           "Select All": "Chọn tất cả", "Copy &Link Location": "Chép địa chỉ"},
    "QColorDialog": {"Cancel": "Hủy", "OK": "Đồng ý"},
    "QInputDialog": {"OK": "Đồng ý", "Cancel": "Hủy"},
    "QProgressDialog": {"Cancel": "Hủy"},
    "QCalendarWidget": {"Today": "Hôm nay"},
}


class VietnameseQtTranslator(QTranslator):
    """Answers Qt's own contexts from ``STRINGS``; every other string is left alone."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None is Qt's null string: "not translated here", so the next translator (or the
        # source text) is used; "" would blank every string of the app.
        return STRINGS.get(context, {}).get(source)

    def isEmpty(self) -> bool:
        return False


def qt_translators(parent: QObject) -> list[QTranslator]:
    """The translators to install: Qt's ``qtbase_vi`` when it ships, then the app's table."""
    out: list[QTranslator] = []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    shipped = QTranslator(parent)
    if shipped.load(QLocale(QLocale.Language.Vietnamese), "qtbase", "_", folder):
        out.append(shipped)
    out.append(VietnameseQtTranslator(parent))
    return out
