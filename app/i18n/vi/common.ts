/** Vietnamese strings shared by every page. Plain words for residents (GLOSSARY.md). */
export const common = {
  appName: "Tin Báo",
  tagline: "Cổng tiếp nhận tin báo về tội phạm của người dân",
  skipToContent: "Bỏ qua, đến nội dung chính",
  emergency: {
    title: "Đang xảy ra nguy hiểm?",
    body: "Nếu việc đang xảy ra ngay lúc này, hãy gọi 113.",
    call: "Gọi 113",
  },
  nav: {
    home: "Trang chủ",
    report: "Gửi tin báo",
    followUp: "Theo dõi tin đã gửi",
    staff: "Cán bộ đăng nhập",
  },
  language: {
    label: "Ngôn ngữ",
    switchTo: "English",
    switchToLang: "en",
  },
  home: {
    title: "Báo tin cho công an, an toàn và có thể ẩn danh",
    lead: "Bạn biết về một việc vi phạm pháp luật nơi mình sống — buôn bán ma túy, trộm cắp, lừa đảo, cờ bạc, đua xe, khai thác cát trái phép…? Hãy báo cho công an qua trang này. Bạn không cần cho biết tên.",
    ctaReport: "Gửi tin báo",
    ctaFollowUp: "Tôi đã có mã theo dõi",
    stepsTitle: "Tin của bạn sẽ đi đâu",
    steps: [
      "Bạn kể lại việc đã thấy: việc gì, ở đâu, khi nào. Có thể gửi kèm ảnh.",
      "Bạn nhận một mã theo dõi gồm 16 chữ số. Hãy ghi lại — mã này không thể lấy lại.",
      "Cán bộ công an nơi xảy ra vụ việc sẽ xem tin của bạn và có thể hỏi thêm qua trang này.",
      "Dùng mã theo dõi để xem tin đã được xử lý đến đâu và trả lời câu hỏi của cán bộ.",
    ],
    anonymityTitle: "Chúng tôi bảo vệ bạn như thế nào",
    anonymityRecorded: "Những gì được lưu: nội dung bạn gửi, ảnh (đã xóa thông tin vị trí và thiết bị), thời gian nhận tin tính theo phút.",
    anonymityNotRecorded: "Những gì không được lưu: địa chỉ IP, loại máy và trình duyệt của bạn. Trang này không tải gì từ bên ngoài.",
    anonymityIdentity: "Nếu bạn để lại tên hoặc số điện thoại, thông tin đó được mã hóa; cán bộ chỉ xem khi cần và mỗi lần xem đều được ghi lại.",
    anonymityReceipt: "Mã theo dõi không được lưu ở dạng đọc được: không ai, kể cả chúng tôi, có thể tra lại mã của bạn.",
    tipsTitle: "Để an toàn hơn",
    tips: [
      "Dùng máy của riêng bạn, không dùng máy ở nơi làm việc hoặc quán internet.",
      "Không kể với người khác rằng bạn đã báo tin.",
      "Nếu muốn kín đáo hơn nữa, bạn có thể dùng trình duyệt Tor; trang vẫn hoạt động khi tắt JavaScript.",
    ],
  },
  error: {
    title: "Đã có lỗi",
    notFoundTitle: "Không tìm thấy trang",
    notFound: "Trang bạn tìm không có hoặc đã được chuyển đi.",
    generic: "Hệ thống gặp sự cố. Tin bạn đã gửi thành công trước đó vẫn được lưu an toàn. Vui lòng thử lại sau ít phút.",
    backHome: "Về trang chủ",
    backToWork: "Về trang làm việc",
  },
  footer: {
    note: "Tin Báo — phục vụ phong trào toàn dân bảo vệ an ninh Tổ quốc.",
    privacy: "Không lưu địa chỉ IP, không dùng dịch vụ bên ngoài.",
  },
};
