/**
 * The contract's 17 categories. Codes are fixed (exports and partners use them);
 * labels are plain words a resident understands. Frozen: later label changes get
 * their own migration.
 */
import type { Kysely } from "kysely";

const CATEGORIES: Array<[code: string, vi: string, en: string, descVi: string, descEn: string]> = [
  ["drugs", "Ma túy", "Drugs", "Mua bán, tàng trữ, sử dụng ma túy; điểm, tụ điểm tập trung sử dụng ma túy", "Selling, keeping or using drugs; places where people gather to use them"],
  ["theft", "Trộm cắp tài sản", "Theft", "Lấy trộm xe, tài sản, vật nuôi khi chủ không biết", "Stealing vehicles, belongings or livestock while the owner is away"],
  ["robbery", "Cướp, cướp giật", "Robbery", "Dùng vũ lực, đe dọa hoặc giật tài sản của người khác", "Taking property by force, threat or snatching"],
  ["fraud", "Lừa đảo", "Fraud", "Lừa để lấy tiền, tài sản: giả danh cơ quan, hứa hẹn việc làm, đầu tư", "Tricking people out of money or property: fake officials, jobs, investments"],
  ["cybercrime", "Tội phạm trên mạng", "Cybercrime", "Lừa đảo qua mạng, chiếm đoạt tài khoản, đánh bạc hoặc tin giả trên mạng", "Online scams, account takeover, online gambling or other crimes on the internet"],
  ["gambling", "Cờ bạc", "Gambling", "Đánh bạc, tổ chức đánh bạc, cá độ bóng đá", "Gambling, running gambling, betting on football"],
  ["usury", "Cho vay nặng lãi", "Loan sharking", "Cho vay lãi cao, đòi nợ bằng đe dọa, khủng bố", "Lending at extreme interest, collecting debts with threats"],
  ["weapons", "Vũ khí, vật liệu nổ", "Weapons and explosives", "Tàng trữ, mua bán súng, dao kiếm, pháo, vật liệu nổ", "Keeping or trading guns, blades, fireworks or explosives"],
  ["trafficking", "Mua bán người", "Human trafficking", "Lừa đưa người đi làm việc, bán người qua biên giới", "Luring or selling people into forced work or across borders"],
  ["smuggling", "Buôn lậu, hàng giả", "Smuggling and counterfeits", "Buôn lậu, vận chuyển hàng cấm, hàng giả, hàng không rõ nguồn gốc", "Smuggling, moving banned, fake or untraceable goods"],
  ["prostitution", "Mại dâm", "Prostitution", "Hoạt động mua bán dâm, chứa mại dâm", "Buying or selling sex, running a brothel"],
  ["violence", "Gây rối, đánh nhau", "Violence and public disorder", "Đánh nhau, cố ý gây thương tích, gây rối trật tự", "Fights, assault, public disorder"],
  ["racing", "Đua xe trái phép", "Illegal street racing", "Tụ tập đua xe, lạng lách, cổ vũ đua xe", "Street racing, reckless riding, cheering on races"],
  ["environment", "Môi trường", "Environment", "Khai thác cát, khoáng sản trái phép; xả thải, chặt phá rừng", "Illegal sand or mineral mining, dumping waste, logging"],
  ["security", "An ninh trật tự", "Public security", "Hoạt động đe dọa an ninh, trật tự nơi cư trú", "Activities that threaten security and order in the area"],
  ["corruption", "Tham nhũng, tiêu cực", "Corruption", "Nhận hối lộ, vòi vĩnh, lạm dụng chức vụ", "Bribes, extortion by officials, abuse of office"],
  ["other", "Việc khác", "Other", "Vụ việc vi phạm pháp luật khác", "Any other breach of the law"],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db
    .insertInto("categories")
    .values(
      CATEGORIES.map(([code, label_vi, label_en, description_vi, description_en], index) => ({
        code, label_vi, label_en, description_vi, description_en, sort_order: index + 1, active: 1,
      })),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom("categories").execute();
}
